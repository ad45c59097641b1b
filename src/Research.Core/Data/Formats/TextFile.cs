using System.Text;

namespace Research.Core.Data.Formats;

/// <summary>Strict UTF-8 text reading: a missing file, invalid UTF-8 or binary content is an error naming the file.</summary>
public static class TextFile
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string[] ReadLines(string path, string expected)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected {expected} but the file does not exist", path);
        var bytes = File.ReadAllBytes(path);
        var zero = Array.IndexOf(bytes, (byte)0);
        if (zero >= 0) throw new InvalidDataException($"{path}: expected {expected} (UTF-8 text) but found a NUL byte at offset {zero} (binary data?)");
        string text;
        try
        {
            text = Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: expected {expected} (UTF-8 text) but found invalid UTF-8 at byte {e.Index}", e);
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var lines = text.Split('\n');
        // A final newline ends the last line rather than starting an empty one.
        if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].EndsWith('\r')) lines[i] = lines[i][..^1];
        return lines;
    }
}
