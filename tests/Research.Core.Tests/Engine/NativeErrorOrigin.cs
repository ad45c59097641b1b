using System.Diagnostics;
using System.Reflection;
using TorchSharp;

namespace Research.Core.Tests.Engine;

/// <summary>
/// Where a native TorchSharp error came from, read off its stack: the TorchSharp member the kit called (the frame just
/// above the innermost kit frame), and the TorchSharp member that threw. An error counts as the kit's own when the
/// member the kit called is a tensor operation (Tensor, torch.*, nn.functional, Scalar): then a temporary the kit
/// passed could be the one that was freed. Otherwise it came from inside TorchSharp (an optimizer's step, a module's
/// forward), which the kit does not control.
/// </summary>
internal sealed record NativeErrorOrigin(string Thrower, string CalledByKit, string KitCaller, bool FromKitCode)
{
    private static readonly Assembly TorchSharpAssembly = typeof(torch).Assembly;

    public static NativeErrorOrigin Of(Exception error)
    {
        var frames = new StackTrace(error, fNeedFileInfo: false).GetFrames().Select(f => f.GetMethod()).OfType<MethodBase>().ToList();
        // An op the JIT inlined into its caller leaves only torch.CheckForErrors on the stack.
        var thrower = frames.FirstOrDefault(m => m.DeclaringType?.Assembly == TorchSharpAssembly && m.Name != "CheckForErrors")
                      ?? frames.FirstOrDefault(m => m.DeclaringType?.Assembly == TorchSharpAssembly);
        var kitIndex = frames.FindIndex(m => m.DeclaringType?.Assembly.GetName().Name?.StartsWith("Research.", StringComparison.Ordinal) == true);
        if (kitIndex <= 0) return new NativeErrorOrigin(Name(thrower), "?", kitIndex == 0 ? Name(frames[0]) : "?", FromKitCode: false);
        var called = frames[kitIndex - 1];
        var operation = called.DeclaringType is { } t && t.Assembly == TorchSharpAssembly && IsTensorOperation(t);
        return new NativeErrorOrigin(Name(thrower), Name(called), Name(frames[kitIndex]), operation);
    }

    private static bool IsTensorOperation(Type type)
    {
        var name = type.FullName ?? "";
        return name is "TorchSharp.torch+Tensor" or "TorchSharp.torch" or "TorchSharp.Scalar" or "TorchSharp.ScalarExtensionMethods"
               || name.StartsWith("TorchSharp.torch+nn+functional", StringComparison.Ordinal)
               || name.StartsWith("TorchSharp.TensorExtensionMethods", StringComparison.Ordinal);
    }

    private static string Name(MethodBase? m) => m is null ? "?" : $"{m.DeclaringType?.Name}.{m.Name}";
}
