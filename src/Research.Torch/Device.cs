namespace Research.Torch;

public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>Where a tensor lives: <c>cpu</c> or <c>cuda:N</c>.</summary>
public sealed record Device(DeviceType Type, int Index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>Parses "cpu", "cuda" or "cuda:1".</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        var type = parts[0] switch
        {
            "cpu" => DeviceType.CPU,
            "cuda" => DeviceType.CUDA,
            _ => throw new ArgumentException($"device '{text}' is not recognised: expected 'cpu', 'cuda' or 'cuda:N'", nameof(text)),
        };
        if (parts.Length == 1) return new Device(type);
        if (parts.Length == 2 && int.TryParse(parts[1], out var index) && index >= 0) return new Device(type, index);
        throw new ArgumentException($"device '{text}' has an invalid index: expected 'cuda:N' with N >= 0", nameof(text));
    }

    /// <summary>The shim's device code: 0 for the CPU, 1 + i for CUDA device i.</summary>
    internal int Code => Type == DeviceType.CPU ? 0 : 1 + Math.Max(Index, 0);

    public override string ToString() =>
        Type == DeviceType.CPU ? "cpu" : Index >= 0 ? $"cuda:{Index}" : "cuda";

    public static implicit operator Device(string text) => Parse(text);
}
