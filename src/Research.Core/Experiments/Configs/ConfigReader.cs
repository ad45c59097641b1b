using System.Reflection;
using System.Text.Json;

namespace Research.Core.Experiments.Configs;

/// <summary>A config file that cannot be used: the message names the file, each wrong field and what it allows.</summary>
public sealed class ConfigException(string message) : Exception(message);

/// <summary>
/// The one place every <c>research</c> config is read and checked, before any data loads. A config is a record whose
/// primary constructor lists its fields (a parameter with a default is optional). Each field is checked for: being
/// known, present when required, not null unless its type allows null, of the right JSON type, and the rules its
/// parameter carries (<see cref="ConfigRangeAttribute"/>, <see cref="ConfigChoicesAttribute"/>,
/// <see cref="ConfigParsedByAttribute"/>); then the record's own <see cref="IConfigChecks"/>. All problems are
/// reported together in one <see cref="ConfigException"/>.
/// </summary>
public static class ConfigReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly NullabilityInfoContext Nullability = new();

    public static T Read<T>(string path) where T : class
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file {path} does not exist", path);
        return Parse<T>(File.ReadAllText(path), path);
    }

    /// <summary>Reads a config from JSON text; <paramref name="source"/> names it in errors (a file path, usually).</summary>
    public static T Parse<T>(string json, string source) where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{source}: not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigException($"{source}: expected a JSON object of fields ({string.Join(", ", Fields<T>().Select(FieldName))}), got {Describe(document.RootElement.ValueKind)}");
            var constructor = PrimaryConstructor<T>();
            var parameters = constructor.GetParameters();
            var problems = new List<string>();
            var given = new Dictionary<ParameterInfo, JsonElement>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                if (parameter is null) problems.Add($"unknown field '{property.Name}'; the fields are: {string.Join(", ", parameters.Select(FieldName))}");
                else given[parameter] = property.Value;
            }
            var values = parameters.Select(p => given.TryGetValue(p, out var element) ? ReadField(p, element, problems) : Missing(p, problems)).ToArray();
            if (problems.Count == 0)
            {
                var config = (T)constructor.Invoke(values);
                if (config is IConfigChecks checks) problems.AddRange(checks.Problems().Select(p => $"field '{p.Field}' {p.Problem}"));
                if (problems.Count == 0) return config;
            }
            throw new ConfigException($"{source}: {string.Join("; ", problems)}");
        }
    }

    /// <summary>
    /// Checks a config made in code (not read from JSON) by the same rules: nulls, each field's rules and the
    /// record's own checks. <paramref name="source"/> names it in the error.
    /// </summary>
    public static T Validate<T>(T config, string source) where T : class
    {
        var problems = new List<string>();
        foreach (var parameter in Fields<T>())
        {
            var value = typeof(T).GetProperty(parameter.Name!)?.GetValue(config);
            if (value is null)
            {
                if (!AllowsNull(parameter)) problems.Add($"field '{FieldName(parameter)}' must not be null; allowed: {Expected(parameter)}");
                continue;
            }
            var problem = parameter.GetCustomAttributes<ConfigRuleAttribute>().Select(rule => rule.Check(value)).FirstOrDefault(p => p is not null);
            if (problem is not null) problems.Add($"field '{FieldName(parameter)}' {problem}");
        }
        if (problems.Count == 0 && config is IConfigChecks checks) problems.AddRange(checks.Problems().Select(p => $"field '{p.Field}' {p.Problem}"));
        return problems.Count == 0 ? config : throw new ConfigException($"{source}: {string.Join("; ", problems)}");
    }

    /// <summary>The fields of config type <typeparamref name="T"/> in JSON spelling (for help texts).</summary>
    public static IReadOnlyList<string> FieldNames<T>() where T : class => [.. Fields<T>().Select(FieldName)];

    private static object? ReadField(ParameterInfo parameter, JsonElement element, List<string> problems)
    {
        var name = FieldName(parameter);
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (AllowsNull(parameter)) return null;
            problems.Add($"field '{name}' must not be null; allowed: {Expected(parameter)}");
            return null;
        }
        object? value;
        try
        {
            value = element.Deserialize(parameter.ParameterType);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problems.Add($"field '{name}' is {Shorten(element.GetRawText())}; allowed: {Expected(parameter)}");
            return null;
        }
        foreach (var rule in parameter.GetCustomAttributes<ConfigRuleAttribute>())
            if (rule.Check(value!) is { } problem)
            {
                problems.Add($"field '{name}' {problem}");
                break;
            }
        return value;
    }

    private static object? Missing(ParameterInfo parameter, List<string> problems)
    {
        if (parameter.HasDefaultValue) return parameter.DefaultValue;
        problems.Add($"missing required field '{FieldName(parameter)}' ({Expected(parameter)})");
        return null;
    }

    private static bool AllowsNull(ParameterInfo parameter) =>
        parameter.ParameterType.IsValueType
            ? Nullable.GetUnderlyingType(parameter.ParameterType) is not null
            : Nullability.Create(parameter).WriteState == NullabilityState.Nullable;

    private static string Expected(ParameterInfo parameter)
    {
        var rule = parameter.GetCustomAttributes<ConfigRuleAttribute>().FirstOrDefault();
        if (rule is ConfigChoicesAttribute choices) return "one of " + string.Join(", ", choices.Choices);
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "an integer",
            _ when type == typeof(double) || type == typeof(float) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(string) => "a string",
            _ when type.IsArray || (type.IsGenericType && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
                => "a list",
            _ => $"a JSON {type.Name}",
        } + (AllowsNull(parameter) ? " or null" : "");
    }

    private static ConstructorInfo PrimaryConstructor<T>() =>
        typeof(T).GetConstructors().Where(c => c.GetParameters().Length > 0 && !(c.GetParameters() is [var only] && only.ParameterType == typeof(T)))
            .OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no constructor listing its fields");

    private static ParameterInfo[] Fields<T>() => PrimaryConstructor<T>().GetParameters();

    private static string FieldName(ParameterInfo parameter) => JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..37] + "...";
}
