using System.Runtime.InteropServices;

namespace Research.Core.Engine;

/// <summary>
/// How the kit's processes allocate native memory (Linux), set once before the first tensor by
/// <see cref="TorchRuntime.EnsureLoaded"/>. Measured in bench/RESULTS.md ("Allocator settings"):
/// <list type="bullet">
/// <item>glibc's malloc: a fixed mmap threshold of 32 MiB and trim threshold of 256 MiB (mallopt), instead of the
/// dynamic defaults under which a training step's freed temporaries are handed back to the kernel and faulted in
/// again on the next step, one zero-filled page at a time. Skipped when GLIBC_TUNABLES sets a malloc tunable or
/// RESEARCH_MALLOC=default.</item>
/// <item>libtorch 2.10's huge-page allocation: with THP_MEM_ALLOC_ENABLE=1 every CPU tensor of 2 MiB or more is
/// 2 MiB-aligned and transparent huge pages are requested for it. Skipped when the variable is set (a user's 0 turns
/// it off). libtorch reads it once, at its first large allocation.</item>
/// </list>
/// </summary>
public static class NativeAllocator
{
    public const string HugePagesVariable = "THP_MEM_ALLOC_ENABLE";
    public const string MallocVariable = "RESEARCH_MALLOC";
    public const long MmapThreshold = 32L << 20, TrimThreshold = 256L << 20;

    private const int MTrimThreshold = -1, MMmapThreshold = -3;   // glibc's malloc.h
    private static bool configured, hugePagesByKit, mallocByKit;

    /// <summary>Applies both settings where the environment leaves them to the kit; a second call does nothing.</summary>
    public static void Configure()
    {
        if (!OperatingSystem.IsLinux() || configured) return;
        configured = true;
        // .NET's Environment.SetEnvironmentVariable changes only its managed copy on Unix; libtorch reads the C one.
        if (NativeVariable(HugePagesVariable) is null && setenv(HugePagesVariable, "1", 0) == 0) hugePagesByKit = true;
        if (!MallocLeftToUser())
            mallocByKit = mallopt(MMmapThreshold, (int)MmapThreshold) == 1 & mallopt(MTrimThreshold, (int)TrimThreshold) == 1;
    }

    private static bool MallocLeftToUser() =>
        (NativeVariable("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.", StringComparison.Ordinal)
        || string.Equals(NativeVariable(MallocVariable), "default", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <see cref="Configure"/> set glibc's thresholds in this process.</summary>
    public static bool MallocSetByKit => mallocByKit;

    /// <summary>The GLIBC_TUNABLES value that gives another process (a benchmark's peer) the kit's malloc thresholds.</summary>
    public static string EquivalentTunables => $"glibc.malloc.mmap_threshold={MmapThreshold}:glibc.malloc.trim_threshold={TrimThreshold}";

    /// <summary>A variable of the process's C environment (what native code sees), or null when unset.</summary>
    public static string? NativeVariable(string name) =>
        OperatingSystem.IsLinux() && getenv(name) is var p && p != IntPtr.Zero ? Marshal.PtrToStringUTF8(p) : null;

    /// <summary>The huge-page setting in words, with the kernel's THP mode (for `research info`).</summary>
    public static string DescribeHugePages()
    {
        var value = NativeVariable(HugePagesVariable);
        var source = value is null ? "unset: libtorch's default, off"
            : hugePagesByKit ? $"{HugePagesVariable}={value}, set by the kit"
            : $"{HugePagesVariable}={value}, as the environment set it";
        const string mode = "/sys/kernel/mm/transparent_hugepage/enabled";
        var kernel = File.Exists(mode) ? File.ReadAllText(mode).Trim() : "unknown";
        return $"{source} (kernel THP mode: {kernel})";
    }

    /// <summary>The malloc setting in words (for `research info`).</summary>
    public static string DescribeMalloc() =>
        mallocByKit ? $"mmap threshold {MmapThreshold >> 20} MiB, trim threshold {TrimThreshold >> 20} MiB, set by the kit"
        : !OperatingSystem.IsLinux() ? "the platform's allocator"
        : $"glibc's, left to the environment (GLIBC_TUNABLES={NativeVariable("GLIBC_TUNABLES") ?? "unset"}, {MallocVariable}={NativeVariable(MallocVariable) ?? "unset"})";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
