using System.Text.Json;
using static TorchSharp.torch;

namespace Research.Core.Checkpoints;

/// <summary>
/// The safetensors layout: an 8-byte little-endian header length, a JSON header mapping each name to
/// {dtype, shape, data_offsets} (offsets into the data buffer) plus an optional "__metadata__" string map,
/// then the raw row-major data. This type holds the header logic; <see cref="SafeTensors"/> does the I/O.
/// </summary>
internal static class SafeTensorsHeader
{
    internal const string MetadataKey = "__metadata__";
    internal const long MaxHeaderBytes = 100L << 20;

    internal sealed record Entry(string Name, ScalarType Dtype, long[] Shape, long Begin, long End);

    internal static string DtypeName(ScalarType t) => t switch
    {
        ScalarType.Bool => "BOOL",
        ScalarType.Byte => "U8",
        ScalarType.Int8 => "I8",
        ScalarType.Int16 => "I16",
        ScalarType.Int32 => "I32",
        ScalarType.Int64 => "I64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        _ => throw new NotSupportedException($"safetensors: dtype {t} has no safetensors code"),
    };

    internal static ScalarType? ParseDtype(string name) => name switch
    {
        "BOOL" => ScalarType.Bool,
        "U8" => ScalarType.Byte,
        "I8" => ScalarType.Int8,
        "I16" => ScalarType.Int16,
        "I32" => ScalarType.Int32,
        "I64" => ScalarType.Int64,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        _ => null,
    };

    /// <summary>The JSON header, padded with spaces to a multiple of 8 bytes so the data is aligned.</summary>
    internal static byte[] BuildHeader(IEnumerable<Entry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            foreach (var e in entries)
            {
                w.WriteStartObject(e.Name);
                w.WriteString("dtype", DtypeName(e.Dtype));
                w.WriteStartArray("shape");
                foreach (var d in e.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(e.Begin);
                w.WriteNumberValue(e.End);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        var json = stream.ToArray();
        var padded = (json.Length + 7) / 8 * 8;
        var header = new byte[padded];
        json.CopyTo(header, 0);
        for (var i = json.Length; i < padded; i++) header[i] = (byte)' ';
        return header;
    }

    /// <summary>Parses and validates a header against the data buffer's length; errors name the file.</summary>
    internal static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(ReadOnlySpan<byte> json, long dataLength, string file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: the safetensors header is not valid JSON ({e.Message})");
        }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{file}: the safetensors header must be a JSON object, found {doc.RootElement.ValueKind}");
        var entries = new List<Entry>();
        var metadata = new Dictionary<string, string>();
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.Name == MetadataKey)
            {
                foreach (var m in property.Value.EnumerateObject())
                    metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                        : throw new InvalidDataException($"{file}: metadata value '{m.Name}' must be a string");
                continue;
            }
            entries.Add(ParseEntry(property, file));
        }
        CheckOffsets(entries, dataLength, file);
        return (entries, metadata);
    }

    private static Entry ParseEntry(JsonProperty property, string file)
    {
        var name = property.Name;
        var v = property.Value;
        if (!v.TryGetProperty("dtype", out var dtypeJson) || !v.TryGetProperty("shape", out var shapeJson) || !v.TryGetProperty("data_offsets", out var offsetsJson))
            throw new InvalidDataException($"{file}: tensor '{name}' needs dtype, shape and data_offsets");
        var dtype = ParseDtype(dtypeJson.GetString() ?? "")
                    ?? throw new InvalidDataException($"{file}: tensor '{name}' has unknown dtype '{dtypeJson.GetString()}'");
        var shape = shapeJson.EnumerateArray().Select(x => x.GetInt64()).ToArray();
        var offsets = offsetsJson.EnumerateArray().Select(x => x.GetInt64()).ToArray();
        if (offsets.Length != 2 || shape.Any(d => d < 0))
            throw new InvalidDataException($"{file}: tensor '{name}' has an invalid shape or data_offsets");
        var expected = shape.Aggregate(1L, (a, b) => a * b) * ElementSize(dtype);
        if (offsets[1] - offsets[0] != expected)
            throw new InvalidDataException($"{file}: tensor '{name}' of shape [{string.Join(", ", shape)}] {dtype} needs {expected} bytes, its offsets span {offsets[1] - offsets[0]}");
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    internal static long ElementSize(ScalarType t) => t switch
    {
        ScalarType.Bool or ScalarType.Byte or ScalarType.Int8 => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        _ => 8,
    };

    // The spec requires the tensors to tile the data buffer exactly, without gaps or overlap.
    private static void CheckOffsets(List<Entry> entries, long dataLength, string file)
    {
        long position = 0;
        foreach (var e in entries.OrderBy(e => e.Begin))
        {
            if (e.Begin != position)
                throw new InvalidDataException($"{file}: tensor '{e.Name}' starts at byte {e.Begin} of the data, expected {position} (gap or overlap)");
            position = e.End;
        }
        if (position != dataLength)
            throw new InvalidDataException($"{file}: the tensors cover {position} bytes but the data section has {dataLength} (truncated or padded file)");
    }
}
