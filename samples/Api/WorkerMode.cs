using System.Runtime.InteropServices;

static class WorkerMode
{
    public static async Task<int> RunAsync()
    {
        using var stop = new CancellationTokenSource();
        // Swarm stops a task with SIGTERM; a terminal sends SIGINT. Either ends the loop; we exit 0 ourselves.
        void Stop(PosixSignalContext context) { context.Cancel = true; stop.Cancel(); }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        for (var tick = 1; !stop.IsCancellationRequested; tick++)
        {
            Console.WriteLine($"worker: tick {tick} version={AppVersion.Value} replica={Environment.MachineName}");
            try { await Task.Delay(TimeSpan.FromSeconds(2), stop.Token); }
            catch (OperationCanceledException) { }
        }

        Console.WriteLine("worker: stopping");
        return 0;
    }
}
