static class ReleaseMode
{
    // Stands in for database migrations. SAMPLE_FAIL_RELEASE=1 makes it fail so a deploy must stop.
    public static int Run()
    {
        Console.WriteLine($"release: ran version={AppVersion.Value} at={Clock.Now()}");
        if (Environment.GetEnvironmentVariable("SAMPLE_FAIL_RELEASE") == "1")
        {
            Console.Error.WriteLine("release: failed on purpose");
            return 3;
        }
        return 0;
    }
}
