using System;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SuperDeploy.Deploy.Commands;

namespace SuperDeploy.Deploy.Execution;

/// <summary>Runs commands with the local Docker CLI against whatever engine it is configured for (normally the local one).</summary>
public sealed class LocalRunner : ICommandRunner
{
    public bool IsLocal => true;

    public string TargetDisplay => "the local Docker engine";

    public async Task<CommandResult> RunAsync(Command command, Action<string>? onLine, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessRunner.RunAsync(command.Argv[0], command.Argv.Skip(1).ToArray(), command.Stdin, onLine, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw DeployErrors.Create(nameof(Resources.Strings.ProgramNotFound), command.Argv[0], e.Message);
        }
    }
}
