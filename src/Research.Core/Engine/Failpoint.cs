namespace Research.Core.Engine;

/// <summary>
/// Named places where a chaos test can freeze this process in order to kill it there: with
/// <c>RESEARCH_FAILPOINT=name:n</c> set, the n-th time the process passes <c>Hit(name)</c> it writes
/// <c>failpoint name n</c> to stderr and waits forever for the test's SIGKILL. Unset, a hit costs one comparison.
/// The places: <c>step</c> (after backward, before the optimizer step), <c>checkpoint-write</c> (a file written to
/// its temporary name, not yet renamed), <c>store-write</c> (metrics inserted, transaction not yet committed).
/// </summary>
public static class Failpoint
{
    public const string Variable = "RESEARCH_FAILPOINT";

    private static readonly (string Name, int Hit)? Armed = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int hits;

    public static void Hit(string name)
    {
        if (Armed is not { } armed || armed.Name != name || Interlocked.Increment(ref hits) != armed.Hit) return;
        Console.Error.WriteLine($"failpoint {name} {armed.Hit}");
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], out var hit) && hit > 0
            ? (value[..colon], hit)
            : throw new ArgumentException($"{Variable}={value}: expected name:n with n >= 1, e.g. step:12");
    }
}
