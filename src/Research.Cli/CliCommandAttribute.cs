using System.CommandLine;
using System.Reflection;

namespace Research.Cli;

/// <summary>
/// Marks a static class whose <c>static Command Create()</c> builds one top-level verb of <c>research</c>.
/// Program discovers them, so adding a verb means adding one file.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class CliCommandAttribute : Attribute
{
    internal static IEnumerable<Command> Discover() =>
        typeof(CliCommandAttribute).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CliCommandAttribute>() is not null)
            .Select(t => (Command)(t.GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
                                   ?.Invoke(null, null)
                                   ?? throw new InvalidOperationException($"{t.Name} has [CliCommand] but no static Create()")))
            .OrderBy(c => c.Name, StringComparer.Ordinal);
}
