// The one line a deploy benchmark edits to ship a new version.
static class AppVersion { public const string Value = "v1"; }
