namespace Research.Cli.Commands;

/// <summary>Mistakes in what the user asked for (a missing file, a bad value) end a command with their message
/// and exit code 2, not with a stack trace.</summary>
internal static class UserErrors
{
    internal static int Report(string verb, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"research {verb}: {e.Message}");
            return 2;
        }
    }
}
