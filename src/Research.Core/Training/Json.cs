using System.Text.Json;
using System.Text.Json.Serialization;

namespace Research.Core.Training;

/// <summary>JSON settings for training records: NaN and infinities are written as named literals, never lost or refused.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
