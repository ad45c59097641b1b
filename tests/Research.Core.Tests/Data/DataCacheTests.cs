using System.Text.Json.Nodes;
using Research.Core.Data;
using Research.Core.Data.Cache;

namespace Research.Core.Tests.Data;

public sealed class DataCacheTests
{
    /// <summary>A recipe that writes one file from its option and counts its builds; it can be told to fail half-way.</summary>
    private sealed class CountingRecipe(IReadOnlyList<DebianPackage>? packages = null) : DataSetRecipe
    {
        public int Builds { get; private set; }
        public bool Fail { get; set; }
        public override string Name => "counting";
        public override string Description => "test recipe";
        public override int PreprocessingVersion => 2;
        public override IReadOnlyList<DebianPackage> Packages { get; } = packages ?? [];
        public override IReadOnlyList<DataOption> Options { get; } = [new("size", "3", "lines"), new("word", "x", "the word")];

        protected override BuildResult Build(string folder, IReadOnlyDictionary<string, string> options, TextWriter? log)
        {
            Builds++;
            File.WriteAllLines(Path.Combine(folder, "data.txt"), Enumerable.Repeat(options["word"], IntOption(options, "size", 1)));
            if (Fail) throw new InvalidOperationException("the source broke half-way");
            return new BuildResult(["data.txt"], [new ManifestSource("none", "0", "generated"), .. Packages.Select(p => p.AsSource("probe"))],
                new JsonObject { ["lines"] = 3 });
        }
    }

    [Fact]
    public void Cache_root_comes_from_the_argument_then_the_environment_then_home()
    {
        Assert.Equal("/tmp/explicit-root", DataCache.Resolve("/tmp/explicit-root").Root);
        var saved = Environment.GetEnvironmentVariable(DataCache.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, "/tmp/from-env");
            Assert.Equal("/tmp/from-env", DataCache.Resolve().Root);
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, null);
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.Equal(Path.Combine(home, ".cache", "research", "data"), DataCache.Resolve().Root);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Preparing_again_is_a_no_op_until_an_option_or_a_file_changes()
    {
        using var root = new TempFolder();
        var cache = new DataCache(root.Path);
        var recipe = new CountingRecipe();
        var first = recipe.Prepare(cache);
        Assert.True(first.Built);
        Assert.Equal(Path.Combine(root.Path, "counting", "default"), first.Folder);
        Assert.False(recipe.Prepare(cache).Built);
        Assert.Equal(1, recipe.Builds);

        var other = recipe.Prepare(cache, new Dictionary<string, string> { ["word"] = "y" });
        Assert.Equal("word-y", other.Manifest.Variant);
        Assert.Equal(2, recipe.Builds);

        File.WriteAllText(Path.Combine(first.Folder, "data.txt"), "x\nx\nz\n");   // same size, other content
        Assert.Contains("the manifest says SHA-256", first.Manifest.FindFileMismatch(first.Folder, checksums: true));
        Assert.True(recipe.Prepare(cache).Built);
        Assert.True(recipe.Prepare(cache, settings: new PrepareSettings(Force: true)).Built);
        Assert.Equal(4, recipe.Builds);
        Assert.Equal(["counting"], cache.ListPrepared().Select(m => m.Name).Distinct());
        Assert.Equal(2, cache.ListPrepared().Count);
    }

    [Fact]
    public void Inspect_marks_a_variant_whose_files_no_longer_match_its_manifest()
    {
        using var root = new TempFolder();
        var cache = new DataCache(root.Path);
        var recipe = new CountingRecipe();
        var intact = recipe.Prepare(cache);
        var flipped = recipe.Prepare(cache, new Dictionary<string, string> { ["word"] = "y" });
        var truncated = recipe.Prepare(cache, new Dictionary<string, string> { ["word"] = "z" });
        var unreadable = recipe.Prepare(cache, new Dictionary<string, string> { ["word"] = "w" });
        File.WriteAllText(Path.Combine(flipped.Folder, "data.txt"), "y\ny\nq\n");   // same size, other bytes
        File.WriteAllText(Path.Combine(truncated.Folder, "data.txt"), "z\n");
        File.WriteAllText(Path.Combine(unreadable.Folder, DataManifest.FileName), "{ not json");
        Directory.CreateDirectory(Path.Combine(root.Path, "counting", ".word-v.tmp-1-abc"));   // a build in progress: not listed

        var byVariant = cache.Inspect().ToDictionary(v => v.Variant);

        Assert.Equal(4, byVariant.Count);
        Assert.True(byVariant[intact.Manifest.Variant].Intact);
        Assert.Contains("SHA-256", byVariant[flipped.Manifest.Variant].Problem);
        Assert.Contains("bytes", byVariant[truncated.Manifest.Variant].Problem);
        Assert.Null(byVariant[unreadable.Manifest.Variant].Manifest);
        Assert.Contains("does not parse", byVariant[unreadable.Manifest.Variant].Problem);
        Assert.True(cache.Inspect(checksums: false).Single(v => v.Variant == flipped.Manifest.Variant).Intact);   // sizes alone cannot see a flip
    }

    [Fact]
    public void An_upgraded_source_package_triggers_a_rebuild()
    {
        using var root = new TempFolder();
        var cache = new DataCache(root.Path);
        var recipe = new CountingRecipe([new DebianPackage("coreutils", "/bin/ls")]);
        var prepared = recipe.Prepare(cache);
        var recorded = prepared.Manifest.Sources.Single(s => s.Package == "coreutils").Version;
        Assert.NotEqual("unknown", recorded);
        Assert.False(recipe.Prepare(cache).Built);

        var path = Path.Combine(prepared.Folder, DataManifest.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace($"\"version\": \"{recorded}\"", "\"version\": \"0.0-old\""));
        var log = new StringWriter();
        Assert.True(recipe.Prepare(cache, settings: new PrepareSettings(Log: log)).Built);
        Assert.Contains($"the manifest was built from coreutils 0.0-old but {recorded} is installed", log.ToString());
    }

    [Fact]
    public void A_failed_build_leaves_no_partial_folder_behind()
    {
        using var root = new TempFolder();
        var cache = new DataCache(root.Path);
        var recipe = new CountingRecipe { Fail = true };
        var e = Assert.Throws<InvalidOperationException>(() => recipe.Prepare(cache));
        Assert.Equal("the source broke half-way", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root.Path, "counting")));
    }

    [Fact]
    public void Manifest_round_trips_through_json_and_records_sizes_and_checksums()
    {
        using var root = new TempFolder();
        var prepared = new CountingRecipe().Prepare(new DataCache(root.Path), new Dictionary<string, string> { ["size"] = "2" });
        var read = DataManifest.Read(Path.Combine(prepared.Folder, DataManifest.FileName));
        Assert.Equal(2, read.PreprocessingVersion);
        Assert.Equal("2", read.Options["size"]);
        var file = Assert.Single(read.Files);
        Assert.Equal(4, file.Bytes);   // "x\nx\n"
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("x\nx\n"u8.ToArray())), file.Sha256);
        Assert.True(read.Matches("counting", "size-2", 2, new Dictionary<string, string> { ["size"] = "2", ["word"] = "x" }));
        Assert.False(read.Matches("counting", "size-2", 3, new Dictionary<string, string> { ["size"] = "2", ["word"] = "x" }));
        Assert.Equal(3, read.Statistics["lines"]!.GetValue<int>());
    }

    [Fact]
    public void Unknown_option_and_bad_value_are_named()
    {
        var recipe = new CountingRecipe();
        Assert.Contains("counting has no option 'colour': expected one of size, word",
            Assert.Throws<ArgumentException>(() => recipe.ResolveOptions(new Dictionary<string, string> { ["colour"] = "red" })).Message);
        using var root = new TempFolder();
        Assert.Contains("counting option 'size' is 'many': expected an integer in [1, 2147483647]",
            Assert.Throws<ArgumentException>(() => recipe.Prepare(new DataCache(root.Path), new Dictionary<string, string> { ["size"] = "many" })).Message);
    }

    [Fact]
    public void A_missing_package_is_named_with_the_command_that_installs_it()
    {
        using var root = new TempFolder();
        var package = new DebianPackage("research-test-absent-package", "/nonexistent/research/probe");
        var recipe = new CountingRecipe([package]);
        var e = Assert.Throws<MissingPackageException>(() => recipe.Prepare(new DataCache(root.Path), settings: new PrepareSettings(Install: false)));
        Assert.Contains("counting needs the Debian package 'research-test-absent-package': expected /nonexistent/research/probe but it does not exist", e.Message);
        Assert.Contains("apt-get install research-test-absent-package", e.Message);
        Assert.Equal(0, recipe.Builds);
    }

    [Fact]
    public void The_catalog_knows_the_data_sets_and_their_packages()
    {
        Assert.Equal(["fashion-mnist", "kjv", "mt", "molecules"], DataSetCatalog.All.Select(r => r.Name));
        var packages = DataSetCatalog.All.SelectMany(r => r.Packages).Select(p => p.Name).ToHashSet();
        var setup = Directory.GetFiles(Path.Combine(RepositoryRoot(), "setup", "apt"), "*.txt")
            .SelectMany(File.ReadAllLines).Where(l => !l.StartsWith('#')).ToHashSet();
        Assert.Subset(setup, packages);
        Assert.Contains("unknown data set 'imagenet': expected one of fashion-mnist, kjv, mt, molecules",
            Assert.Throws<ArgumentException>(() => DataSetCatalog.Find("imagenet")).Message);
    }

    private static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Research.sln"))) folder = Path.GetDirectoryName(folder)!;
        return folder;
    }
}
