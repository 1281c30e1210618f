using System;
using System.Text;
using SuperDeploy.Model;

namespace SuperDeploy.Sources;

/// <summary>
/// The reverse of <see cref="ProcfileSource"/>: a Heroku-compatible Procfile from the model, one `name: command`
/// per line in declaration order. The release process is written as `release` (the only name Heroku runs as its
/// release phase); cron processes become comments, since a Procfile has no schedules.
/// </summary>
public static class ProcfileWriter
{
    /// <summary>The Procfile body (LF endings, no header: the caller adds the generated-file header line).</summary>
    public static string Write(AppDefinition app)
    {
        var text = new StringBuilder();
        foreach (var process in app.Processes)
        {
            if (process.Command.IndexOf('\n') >= 0 || process.Command.IndexOf('\r') >= 0)
                throw new ArgumentException($"Process '{process.Name}' has a multi-line command, which a Procfile line cannot hold.", nameof(app));

            if (process.Kind == ProcessKind.Cron)
            {
                text.Append("# ").Append(process.Name)
                    .Append(": not written; Heroku has no cron in Procfiles (use Heroku Scheduler to run it on '")
                    .Append(process.Schedule).Append("'): ").Append(process.Command).Append('\n');
                continue;
            }

            var name = process.Kind == ProcessKind.Release ? "release" : process.Name;
            text.Append(name).Append(": ").Append(process.Command).Append('\n');
        }

        return text.ToString();
    }
}
