using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Research.Core.Engine;

/// <summary>
/// Loads TorchSharp's native libraries where its own loader cannot: in hosts without a deps.json that lists them
/// (F# Interactive, the .NET Interactive kernel) and, on Debian 12, with the weak-version copy of the shim
/// (see setup/torchsharp/README.md). Apps and test projects built by the kit need none of this (the build copies the
/// right shim), but calling <see cref="EnsureLoaded"/> there is harmless. Call it before the first TorchSharp call.
/// </summary>
public static class TorchRuntime
{
    private const string Rid = "linux-x64";
    private const string Shim = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static bool loaded;

    /// <summary>The GLIBCXX version TorchSharp 0.107's shim asks for (only for a marker symbol).</summary>
    public const string ShimGlibcxx = "GLIBCXX_3.4.32";

    /// <summary>
    /// Makes TorchSharp usable in this process, applies RESEARCH_NUM_THREADS and sets the native allocator
    /// (<see cref="NativeAllocator"/>) where the environment leaves it to the kit. On Linux, libtorch 2.10's own
    /// libraries are loaded first by full path (so a system libtorch of another version is never picked up),
    /// then the shim: the build's copy beside them, else the one `./kit setup` prepared, else the package's.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded) return;
            NativeAllocator.Configure();
            if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64) Preload();
            loaded = true;
        }
        if (int.TryParse(Environment.GetEnvironmentVariable("RESEARCH_NUM_THREADS"), out var threads) && threads > 0)
            torch.set_num_threads(threads);
    }

    private static void Preload()
    {
        var folder = NativeFolders().FirstOrDefault(f => File.Exists(Path.Combine(f, "libtorch_cpu.so")));
        if (folder is null) return;   // TorchSharp's own loader will say what is missing
        var shim = ShimCandidates(folder).FirstOrDefault(File.Exists)
                   ?? throw new DllNotFoundException($"TorchSharp's native shim {Shim} was not found beside {folder}; run ./kit setup");
        var order = new[] { Path.Combine(folder, "libc10.so"), Path.Combine(folder, "libtorch_cpu.so"), Path.Combine(folder, "libtorch.so"), shim };
        foreach (var library in order.Where(File.Exists))
        {
            try
            {
                NativeLibrary.Load(library);
            }
            catch (DllNotFoundException e)
            {
                var hint = SystemHasShimGlibcxx() ? "" : $" This libstdc++ lacks {ShimGlibcxx}: run ./kit setup, which prepares a loadable copy of the shim.";
                throw new DllNotFoundException($"could not load {library}: {e.Message}.{hint}", e);
            }
        }
    }

    /// <summary>Folders that may hold libtorch 2.10's linux-x64 natives, nearest first.</summary>
    private static IEnumerable<string> NativeFolders()
    {
        var torchSharp = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharp)) yield return Path.Combine(torchSharp, "runtimes", Rid, "native");
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", Rid, "native");
        if (LibTorchVersion.Value is { } version) yield return Path.Combine(NuGetPackages(), "libtorch-cpu-linux-x64", version, "runtimes", Rid, "native");
    }

    private static IEnumerable<string> ShimCandidates(string nativeFolder)
    {
        yield return Path.Combine(nativeFolder, Shim);
        if (RepositoryRoot() is { } root) yield return Path.Combine(root, "artifacts", "torchsharp", Shim);
        var version = typeof(torch).Assembly.GetName().Version;
        if (version is not null)
            yield return Path.Combine(NuGetPackages(), "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", Rid, "native", Shim);
    }

    /// <summary>How TorchSharp's shim is loaded here, in words (for `research info`).</summary>
    public static string Route()
    {
        if (!OperatingSystem.IsLinux()) return "the package's native shim (not Linux: no patch applies)";
        var path = LoadedShimPath();
        var how = SystemHasShimGlibcxx()
            ? $"the package's shim as shipped (this libstdc++ has {ShimGlibcxx})"
            : $"a copy of the shim with {ShimGlibcxx} marked weak (this libstdc++ lacks it; prepared by ./kit setup)";
        return path is null ? how : $"{how}: {path}";
    }

    /// <summary>Whether the system's libstdc++ defines the version TorchSharp's shim asks for.</summary>
    public static bool SystemHasShimGlibcxx()
    {
        var loadedLibStdCxx = MappedLibraries().FirstOrDefault(p => Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
        var file = loadedLibStdCxx ?? "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        if (!File.Exists(file)) return false;
        var bytes = File.ReadAllBytes(file);
        return bytes.AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) >= 0;
    }

    /// <summary>The path of the loaded libLibTorchSharp.so, or null before TorchSharp loaded it.</summary>
    public static string? LoadedShimPath() => MappedLibraries().FirstOrDefault(p => Path.GetFileName(p) == Shim);

    /// <summary>Shared libraries mapped into this process (Linux), in load order.</summary>
    public static IReadOnlyList<string> MappedLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is var i and >= 0 ? line[i..] : null)
            .OfType<string>()
            .Where(p => p.Contains(".so", StringComparison.Ordinal))
            .Distinct()
            .ToList();
    }

    private static string NuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    // libtorch-cpu's package version ("2.10.0") from TorchSharp's constant ("2.10.0.0"), read without running torch's static constructor.
    private static readonly Lazy<string?> LibTorchVersion = new(() =>
        typeof(torch).GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true } field
        && field.GetRawConstantValue() is string v && Version.TryParse(v, out var version)
            ? $"{version.Major}.{version.Minor}.{Math.Max(0, version.Build)}"
            : null);

    /// <summary>The kit's repository root when this assembly runs from inside it (artifacts/, bin/), else null.</summary>
    private static string? RepositoryRoot()
    {
        var dir = Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location);
        while (!string.IsNullOrEmpty(dir))
        {
            if (File.Exists(Path.Combine(dir, "paket.dependencies")) && File.Exists(Path.Combine(dir, "kit"))) return dir;
            dir = Path.GetDirectoryName(dir);
        }
        return null;
    }
}
