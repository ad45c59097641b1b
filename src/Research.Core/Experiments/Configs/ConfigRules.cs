using System.Globalization;
using System.Reflection;

namespace Research.Core.Experiments.Configs;

/// <summary>A rule on one field of a config record, checked by <see cref="ConfigReader"/> after the field's type.</summary>
public abstract class ConfigRuleAttribute : Attribute
{
    /// <summary>Null when <paramref name="value"/> (never null here) obeys the rule; else what is wrong and what is allowed.</summary>
    public abstract string? Check(object value);
}

/// <summary>A number in [Min, Max], with either end excluded by <see cref="MinExclusive"/> or <see cref="MaxExclusive"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ConfigRangeAttribute(double min, double max = double.PositiveInfinity) : ConfigRuleAttribute
{
    public bool MinExclusive { get; init; }
    public bool MaxExclusive { get; init; }

    public override string? Check(object value)
    {
        var x = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        var ok = double.IsFinite(x) && (MinExclusive ? x > min : x >= min) && (MaxExclusive ? x < max : x <= max);
        return ok ? null : $"is {Format(x)}; allowed: {Allowed()}";
    }

    private string Allowed() => double.IsPositiveInfinity(max)
        ? $"a number {(MinExclusive ? ">" : ">=")} {Format(min)}"
        : $"a number in {(MinExclusive ? '(' : '[')}{Format(min)}, {Format(max)}{(MaxExclusive ? ')' : ']')}";

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One of a fixed list of names, spelt exactly.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ConfigChoicesAttribute(params string[] choices) : ConfigRuleAttribute
{
    public IReadOnlyList<string> Choices { get; } = choices;

    public override string? Check(object value) =>
        Choices.Contains(value.ToString(), StringComparer.Ordinal) ? null : $"is '{value}'; allowed: {string.Join(", ", Choices)}";
}

/// <summary>Text that a static parse method of <paramref name="parser"/> accepts (it may take several spellings);
/// <see cref="Allowed"/> lists the canonical ones for the error.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ConfigParsedByAttribute(Type parser, string method) : ConfigRuleAttribute
{
    public required string Allowed { get; init; }

    private readonly MethodInfo parse = parser.GetMethod(method, BindingFlags.Public | BindingFlags.Static, [typeof(string)])
                                        ?? throw new ArgumentException($"{parser.Name} has no public static {method}(string)");

    public override string? Check(object value)
    {
        try
        {
            parse.Invoke(null, [value.ToString()]);
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException)
        {
            return $"is '{value}'; allowed: {Allowed}";
        }
    }
}

/// <summary>Checks that involve several fields, run once every field has passed its own.</summary>
public interface IConfigChecks
{
    /// <summary>Each problem as (field, what is wrong and what is allowed); empty when the config is sound.</summary>
    IEnumerable<(string Field, string Problem)> Problems();
}
