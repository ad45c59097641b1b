using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Checkpoints;

/// <summary>
/// The safetensors format (PyTorch's and Hugging Face's) for TorchSharp tensors, with string metadata and a SHA-256
/// per tensor in the metadata, checked on load: a flipped bit is an error naming the file and the tensor, never
/// silently different weights. Files load with python's safetensors.torch.load_file, and back (files without
/// checksums load too). Writes are atomic (a temporary file, then a rename), and a writer's leftover temporary
/// files from a killed process are removed on the next save to the same path.
/// </summary>
public static class SafeTensors
{
    /// <summary>The metadata key holding {tensor name: SHA-256 hex of its bytes}.</summary>
    public const string ChecksumKey = "research.sha256";

    /// <summary>Writes the tensors (sorted by name) with their checksums and the metadata, atomically.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Keys.Any(k => k == SafeTensorsHeader.MetadataKey || string.IsNullOrEmpty(k)))
            throw new ArgumentException($"safetensors: tensor names must be non-empty and not '{SafeTensorsHeader.MetadataKey}'");
        if (metadata?.ContainsKey(ChecksumKey) == true)
            throw new ArgumentException($"safetensors: the metadata key '{ChecksumKey}' is reserved for the checksums");
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var data = names.Select(n => Bytes(tensors[n])).ToList();
        var entries = new List<SafeTensorsHeader.Entry>();
        long offset = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var t = tensors[names[i]];
            entries.Add(new SafeTensorsHeader.Entry(names[i], t.dtype, t.shape, offset, offset + data[i].Length));
            offset += data[i].Length;
        }
        var checksums = names.Select((n, i) => (n, Convert.ToHexStringLower(SHA256.HashData(data[i])))).ToDictionary(x => x.n, x => x.Item2);
        var allMetadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [ChecksumKey] = JsonSerializer.Serialize(checksums) };
        var header = SafeTensorsHeader.BuildHeader(entries, allMetadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BitConverter.TryWriteBytes(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var bytes in data) stream.Write(bytes);
        });
    }

    /// <summary>Reads every tensor (verifying checksums where the file has them); the caller owns the tensors.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Read(path, withData: true).Tensors;

    /// <summary>Reads only the header's metadata map (without the checksum entry).</summary>
    public static Dictionary<string, string> LoadMetadata(string path) => Read(path, withData: false).Metadata;

    private static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path, bool withData)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors: {path} does not exist", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
            throw new InvalidDataException($"{path}: a safetensors file starts with an 8-byte header length, the file has only {bytes.Length} bytes");
        var headerLength = BitConverter.ToUInt64(bytes, 0);
        if (headerLength > SafeTensorsHeader.MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw new InvalidDataException($"{path}: the header length field says {headerLength} bytes, but the file has {bytes.Length - 8} after it");
        var dataStart = 8 + (long)headerLength;
        var (entries, metadata) = SafeTensorsHeader.ParseHeader(bytes.AsSpan(8, (int)headerLength), bytes.Length - dataStart, path);
        var checksums = Checksums(metadata, path);
        metadata.Remove(ChecksumKey);
        var tensors = new Dictionary<string, Tensor>();
        if (!withData) return (tensors, metadata);
        try
        {
            foreach (var e in entries)
            {
                var span = bytes.AsSpan((int)(dataStart + e.Begin), (int)(e.End - e.Begin));
                if (checksums is not null)
                {
                    if (!checksums.TryGetValue(e.Name, out var expected))
                        throw new InvalidDataException($"{path}: tensor '{e.Name}' has no checksum in the file's metadata (the file was altered)");
                    if (Convert.ToHexStringLower(SHA256.HashData(span)) != expected)
                        throw new InvalidDataException($"{path}: tensor '{e.Name}' does not match its checksum: the file is corrupt");
                }
                tensors[e.Name] = FromBytes(span, e.Dtype, e.Shape);
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return (tensors, metadata);
    }

    private static Dictionary<string, string>? Checksums(Dictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(ChecksumKey, out var json)) return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json)
                   ?? throw new InvalidDataException($"{path}: the checksum entry '{ChecksumKey}' is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the checksum entry '{ChecksumKey}' is not valid JSON ({e.Message})");
        }
    }

    /// <summary>The tensor's bytes in row-major order, copied out (works for any device and layout).</summary>
    private static byte[] Bytes(Tensor t)
    {
        using var scope = NewDisposeScope();
        var cpu = t.detach().cpu().contiguous();
        return cpu.bytes.ToArray();
    }

    private static Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape)
    {
        var t = empty(shape, dtype);
        if (data.Length > 0) data.CopyTo(t.bytes);
        return t;
    }
}
