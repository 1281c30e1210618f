namespace SuperDeploy.Validation;

/// <summary>
/// Every stable code, in one place. Tests compare codes, never message text.
/// SD0xxx properties and targets, SD1xxx process validation, SD2xxx generated files, SD3xxx deploy and SSH,
/// SD4xxx internal, SD5xxx Procfile and config.yml sources. Each is documented in the README.
/// </summary>
public static class ErrorCodes
{
    public const string InternalError = "SD4001";

    // SDK targets and generated-file writing (src/Sdk, Tasks/SuperDeployGenerateFiles).
    public const string AgentNotFound = "SD0001";
    public const string ForeignFile = "SD2001";
    public const string EditedGeneratedFile = "SD2002";
    public const string WriteFailed = "SD2003";
}
