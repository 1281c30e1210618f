namespace SuperDeploy.Validation;

/// <summary>
/// Every stable code, in one place. Tests compare codes, never message text.
/// SD0xxx properties and targets, SD1xxx process validation, SD2xxx generated files, SD3xxx deploy and SSH,
/// SD4xxx internal, SD5xxx Procfile and config.yml sources. Each is documented in the README.
/// Each constant's name is also the name of its message in Resources/Strings.resx.
/// </summary>
public static class ErrorCodes
{
    // Properties (ModelBuilder)
    public const string PropertyRequired = "SD0001";
    public const string PropertyNotDnsLabel = "SD0002";
    public const string DomainInvalid = "SD0003";
    public const string SecretNameInvalid = "SD0004";
    public const string SecretDuplicate = "SD0005";
    public const string SecretNameTooLong = "SD0006";

    // Processes (ModelBuilder)
    public const string NoProcesses = "SD1001";
    public const string ProcessNameInvalid = "SD1002";
    public const string ProcessNameDuplicate = "SD1003";
    public const string ServiceNameTooLong = "SD1004";
    public const string SwarmServiceNameTooLong = "SD1005";
    public const string MetadataUnknown = "SD1006";
    public const string CommandMissing = "SD1007";
    public const string CommandUnbalanced = "SD1008";
    public const string RunOnInvalid = "SD1009";
    public const string ReleaseDuplicate = "SD1010";
    public const string WebWithoutPort = "SD1011";
    public const string PortInvalid = "SD1012";
    public const string ReplicasInvalid = "SD1013";
    public const string ScheduleInvalid = "SD1014";
    public const string ReleaseMetadataNotAllowed = "SD1015";
    public const string CronPortNotAllowed = "SD1016";
    public const string CronReplicasNotOne = "SD1017";
    public const string HealthPathInvalid = "SD1018";
    public const string HealthPathNotWeb = "SD1019";
    public const string MemoryInvalid = "SD1020";
    public const string MemoryTooSmall = "SD1021";
    public const string CpuInvalid = "SD1022";
    public const string DependsOnUnknown = "SD1023";
    public const string DependsOnSelf = "SD1024";
    public const string DependsOnCycle = "SD1025";
    public const string CommandMultiline = "SD1026";
    public const string HealthTimingInvalid = "SD1027";

    // Addons: SuperDeployAddon declarations and attachments (Validation/AddonRules)
    public const string AddonNameInvalid = "SD6001";
    public const string AddonNameTooLong = "SD6002";
    public const string AddonTypeMissing = "SD6003";
    public const string AddonNotDeclared = "SD6004";
    public const string AddonTypeUnknown = "SD6005";
    public const string AddonMetadataConflict = "SD6006";
    public const string AddonAliasInvalid = "SD6007";
    public const string AddonAliasReserved = "SD6008";
    public const string AddonAliasDuplicate = "SD6009";
    public const string AddonAttachedTwice = "SD6010";
    public const string AddonAliasClashesWithSecret = "SD6011";
    public const string AddonServiceClash = "SD6012";
    public const string AddonVersionInvalid = "SD6013";
    public const string AddonPostgresVersionNoMajor = "SD6014";
    public const string AddonImageInvalid = "SD6015";
    public const string AddonMemoryInvalid = "SD6016";
    public const string AddonCpuInvalid = "SD6017";
    public const string AddonPublishInvalid = "SD6018";
    public const string AddonMetadataUnknown = "SD6019";
    // An addon's placement on a multi-node swarm (its Vm, checked against the SuperDeployNode items in NodeRules).
    public const string AddonVmInvalid = "SD6020";
    public const string AddonVmNoNode = "SD6021";
    public const string AddonVmSeveralNodes = "SD6022";
    public const string AddonVmRequired = "SD6023";

    public const string InternalError = "SD4001";

    // Generated and packaged files (Tasks/SuperDeployGenerateFiles; AgentNotFound is raised by src/Sdk/build's targets).
    public const string ForeignFile = "SD2001";
    public const string EditedGeneratedFile = "SD2002";
    public const string WriteFailed = "SD2003";
    public const string AgentNotFound = "SD2004";

    // Procfile and config.yml sources, and merging them with the items (Sources/)
    public const string ProcfileLineMalformed = "SD5001";
    public const string ProcfileNameInvalid = "SD5002";
    public const string ProcfileConflictMarker = "SD5003";
    public const string ProcfileNameDuplicate = "SD5004";
    public const string ProcfileCommandEmpty = "SD5005";
    public const string SourceFileMissing = "SD5006";
    public const string SourceFileUnreadable = "SD5007";
    public const string ConfigYamlMalformed = "SD5008";
    public const string ConfigAppsMissing = "SD5009";
    public const string ConfigAppNotFound = "SD5010";
    public const string ConfigOldFormat = "SD5011";
    public const string ConfigValueWrongShape = "SD5012";
    public const string ConfigKeyUnknown = "SD5013";
    public const string ConfigKeyTwice = "SD5014";
    public const string ConfigAddonInvalid = "SD5015";
    public const string ConfigAddonAliasDuplicate = "SD5016";
    public const string ProcessDeclaredTwice = "SD5017";
    public const string ItemRedeclaresProcess = "SD5018";
    public const string ProcessMetadataConflict = "SD5019";

    // SD3xxx: deploy, SSH, scale, ps, logs (Deploy/, Tasks/Deploy*.cs).
    public const string SshHostKeyUnknown = "SD3001";
    public const string SshHostKeyChanged = "SD3002";
    public const string SshConnectionFailed = "SD3003";
    public const string SshAuthenticationFailed = "SD3004";
    public const string RemoteSwarmInactive = "SD3005";
    public const string NotSwarmManager = "SD3006";
    public const string DeployLockHeld = "SD3007";
    public const string ReleaseFailed = "SD3008";
    public const string UpdateRolledBack = "SD3009";
    public const string DeployTimedOut = "SD3010";
    public const string DockerCommandFailed = "SD3011";
    public const string ScaleSpecInvalid = "SD3012";
    public const string ScaleRelease = "SD3013";
    public const string UnknownProcess = "SD3014";
    public const string ScaleOtherApp = "SD3015";
    public const string ScaleCronReplicas = "SD3016";
    public const string AppNotDeployed = "SD3017";
    public const string ProgramNotFound = "SD3018";
    public const string EdgeReloadFailed = "SD3019";
    public const string EdgeNotRunning = "SD3020";
    public const string RegistryRequired = "SD3021";
    public const string InvalidDeployProperty = "SD3022";
    public const string ReleaseTimedOut = "SD3023";
    public const string RemoteDockerMissing = "SD3024";
    public const string ImageTagMutable = "SD3025";
    public const string StackOfAnotherProject = "SD3026";

    // Nodes, roles and placement (Validation/NodeRules, the Vm metadata, Deploy/Nodes and SuperDeployUp; SSH and
    // docker failures on a node are SD3001-SD3004 and SD3011)
    public const string NodeTargetInvalid = "SD7001";
    public const string NodeDuplicate = "SD7002";
    public const string NodeRoleInvalid = "SD7003";
    public const string NodeNoManager = "SD7004";
    public const string NodeManagerInvalid = "SD7005";
    public const string NodePortInvalid = "SD7006";
    public const string NodeAddressInvalid = "SD7007";
    public const string NodeMetadataUnknown = "SD7008";
    public const string NodeRoleMissing = "SD7009";
    public const string ProcessVmInvalid = "SD7010";
    public const string NodeManagersEven = "SD7011";
    public const string RoleHasNoNode = "SD7101";
    public const string NodeInOtherSwarm = "SD7102";
    public const string NodeDrainTimedOut = "SD7103";
    public const string NodeStateUnexpected = "SD7104";
    public const string NoManagerInSwarm = "SD7105";
    public const string NodesNotDeclared = "SD7106";
    public const string NodesTargetNotManager = "SD7107";
    public const string EdgeNodeUnreachable = "SD7108";
    public const string NodesNeedRegistry = "SD7109";
    public const string ServiceNodeUnreachable = "SD7110";
    // SD305x: secrets and addons at deploy time (Deploy/SecretsStep, AddonsStep, AddonBackup).
    public const string SecretNotInEnvironment = "SD3050";
    public const string AddonPasswordUnavailable = "SD3051";
    public const string AddonSpecChanged = "SD3052";
    public const string BackupAddonInvalid = "SD3053";
    public const string RestoreNotConfirmed = "SD3054";
    public const string BackupFailed = "SD3055";
    public const string AddonNotRunning = "SD3056";
    public const string BackupFileMissing = "SD3057";
    // SD306x: the addon tunnel (Deploy/AddonTunnel, Tasks/AddonTunnelTask).
    public const string TunnelAddonInvalid = "SD3060";
    public const string TunnelNoAgentImage = "SD3061";
    public const string TunnelFailed = "SD3062";
    // SD3065-SD3068: applying a changed addon declaration (Deploy/AddonApply, Tasks/AddonApplyTask).
    public const string AddonApplyInvalid = "SD3065";
    public const string AddonApplyNotConfirmed = "SD3066";
    public const string AddonApplyPostgresMajor = "SD3067";
    public const string AddonApplyMovesVolume = "SD3068";

    // SuperDeployWriteProcfile (Tasks/SuperDeployExportProcfile): the Procfile written from the items.
    public const string ProcfileIsInput = "SD2005";
    public const string ProcfileNotOwned = "SD2006";

    // SD304x: rollback and release history (Deploy/Rollback*.cs, ReleasePruner).
    public const string RollbackReleaseUnknown = "SD3040";
    public const string NothingToRollBack = "SD3041";
}
