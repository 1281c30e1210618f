namespace SuperDeploy.Model;

/// <summary>
/// An addon the app uses, from a config.yml `addons:` line (`databases.primary as DB`): the addon it refers to and the
/// alias its settings reach the app under (DB_HOST, DB_URL, ...). Wiring addons into the stack is a separate concern.
/// </summary>
public sealed record AddonAttachment(string Reference, string Alias, SourceLocation Location);
