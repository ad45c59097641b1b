using Research.Core.Data.Cache;
using Research.Core.Experiments.Configs;
using Research.Core.Training;

namespace Research.Cli.Commands;

/// <summary>
/// How a command ends when it cannot do what was asked: one line on stderr naming the problem, never a stack trace.
/// Exit codes: 2 for a mistake in what the user asked for (a missing or malformed file, a bad value or argument),
/// 3 for a training run stopped by a NaN or infinite value, 4 for a Debian package a data set needs that is not
/// installed, 1 for a step that failed for another reason (an external tool, say).
/// </summary>
internal static class UserErrors
{
    internal const int BadInput = 2;
    internal const int Diverged = 3;
    internal const int MissingPackage = 4;

    internal static int Report(string verb, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            Console.Error.WriteLine($"research {verb}: {OneLine(e)}");
            return code;
        }
    }

    internal static int Report(string verb, Action action) => Report(verb, () => { action(); return 0; });

    private static int? ExitCodeOf(Exception e) => e switch
    {
        TrainingDivergedException => Diverged,
        MissingPackageException => MissingPackage,
        ConfigException or ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or KeyNotFoundException
            or System.Text.Json.JsonException => BadInput,
        InvalidOperationException => 1,
        _ => null,
    };

    private static string OneLine(Exception e)
    {
        var message = e is ArgumentException { ParamName: { } parameter } ? e.Message.Replace($" (Parameter '{parameter}')", "") : e.Message;
        return message.ReplaceLineEndings(" ").Trim();
    }
}
