static class AppVersion
{
    public const string Value = "v1";
}
