namespace Research.Torch;

/// <summary>The category of a libtorch error (c10's error classes).</summary>
public enum TorchErrorKind
{
    None = 0,
    Generic = 1,
    Index = 2,
    Value = 3,
    Type = 4,
    NotImplemented = 5,
    OutOfMemory = 6,
    Std = 7,
}

/// <summary>An error raised by libtorch. The message names the operation and the problem; the C++
/// backtrace is kept apart, in <see cref="NativeBacktrace"/>.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string operation, string message, TorchErrorKind kind, string nativeBacktrace)
        : base($"{operation}: {message}")
    {
        Operation = operation;
        Kind = kind;
        NativeBacktrace = nativeBacktrace;
    }

    public string Operation { get; }
    public TorchErrorKind Kind { get; }
    public string NativeBacktrace { get; }
}
