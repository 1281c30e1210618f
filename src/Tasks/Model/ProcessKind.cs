namespace SuperDeploy.Model;

/// <summary>Derived from a process's metadata: a port makes it web, RunOn="deploy" release, a Schedule cron; the rest are workers.</summary>
public enum ProcessKind
{
    Web,
    Worker,
    Release,
    Cron,
}
