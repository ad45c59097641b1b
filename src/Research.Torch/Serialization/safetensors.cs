using Research.Torch.Native;

namespace Research.Torch;

/// <summary>
/// Reads and writes the safetensors format used by PyTorch and Hugging Face: tensors by name with dtype
/// and shape, plus string metadata. Files written here load with safetensors.torch.load_file, and back.
/// </summary>
public static unsafe class safetensors
{
    /// <summary>Writes the tensors (sorted by name) atomically: to a temporary file, then renamed.</summary>
    public static void save_file(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Keys.Any(k => k == SafeTensorsFormat.MetadataKey || string.IsNullOrEmpty(k)))
            throw new ArgumentException($"safetensors: tensor names must be non-empty and not '{SafeTensorsFormat.MetadataKey}'");
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var entries = new List<SafeTensorsFormat.Entry>();
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            var bytes = t.numel() * t.element_size();
            entries.Add(new SafeTensorsFormat.Entry(name, t.dtype, t.shape, offset, offset + bytes));
            offset += bytes;
        }
        var header = SafeTensorsFormat.BuildHeader(entries, metadata);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                Span<byte> length = stackalloc byte[8];
                BitConverter.TryWriteBytes(length, (ulong)header.Length);
                if (!BitConverter.IsLittleEndian) length.Reverse();
                stream.Write(length);
                stream.Write(header);
                foreach (var name in names)
                {
                    var t = tensors[name];
                    var data = new byte[t.numel() * t.element_size()];
                    t.CopyTo<byte>(data);
                    stream.Write(data);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads every tensor; the caller owns them (or reads inside a DisposeScope).</summary>
    public static Dictionary<string, Tensor> load_file(string path) => Read(path, withData: true).Tensors;

    /// <summary>Reads only the header's metadata map.</summary>
    public static Dictionary<string, string> load_metadata(string path) => Read(path, withData: false).Metadata;

    private static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path, bool withData)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors: {path} does not exist", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
            throw new InvalidDataException($"{path}: a safetensors file starts with an 8-byte header length, the file has only {bytes.Length} bytes");
        var headerLength = BitConverter.ToUInt64(bytes, 0);
        if (headerLength > SafeTensorsFormat.MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw new InvalidDataException($"{path}: the header length field says {headerLength} bytes, but the file has {bytes.Length - 8} after it");
        var dataStart = 8 + (long)headerLength;
        var (entries, metadata) = SafeTensorsFormat.ParseHeader(bytes.AsSpan(8, (int)headerLength), bytes.Length - dataStart, path);
        var tensors = new Dictionary<string, Tensor>();
        if (!withData) return (tensors, metadata);
        try
        {
            foreach (var e in entries)
            {
                var span = bytes.AsSpan((int)(dataStart + e.Begin), (int)(e.End - e.Begin));
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

    private static Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape)
    {
        fixed (byte* p = data)
        fixed (long* s = shape)
            return Tensor.Wrap(LibTorch.rt_from_data(p, data.Length, (int)dtype, s, shape.Length), "safetensors.load_file");
    }
}
