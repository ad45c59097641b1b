using System.CommandLine;
using System.Text.Json.Nodes;
using Research.Core.Data;
using Research.Core.Data.Bible;
using Research.Core.Data.Cache;

namespace Research.Cli.Commands;

/// <summary><c>research data prepare | list | show</c>: the data sets built from Debian packages.</summary>
[CliCommand]
internal static class DataCommand
{
    internal static Command Create()
    {
        var command = new Command("data", "Prepare, list and inspect the data sets built from Debian packages (fashion-mnist, kjv, mt).");
        command.Subcommands.Add(Prepare());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Cache folder (default: ${DataCache.EnvironmentVariable}, else ~/.cache/research/data).",
    };

    private static Option<string[]> Settings() => new("--set")
    {
        Description = "A data-set option as key=value (repeatable), e.g. --set vocab=10000 or --set noise=symmetric --set noise-rate=0.4.",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    private static Command Prepare()
    {
        var name = new Argument<string>("name") { Description = "fashion-mnist, kjv or mt." };
        var dataDir = DataDir();
        var set = Settings();
        var force = new Option<bool>("--force") { Description = "Rebuild even when the cached manifest matches." };
        var noInstall = new Option<bool>("--no-install") { Description = "Never run apt-get; report the missing package instead." };
        var command = new Command("prepare", "Build a data set (one variant per option set) into the cache, with a manifest; a no-op when it is already there.")
        {
            name, dataDir, set, force, noInstall,
        };
        command.SetAction(parse => UserErrors.Report("data prepare", () =>
        {
            var recipe = DataSetCatalog.Find(parse.GetValue(name)!);
            var cache = DataCache.Resolve(parse.GetValue(dataDir));
            var prepared = recipe.Prepare(cache, ParseSettings(parse.GetValue(set)!),
                new PrepareSettings(Install: !parse.GetValue(noInstall), Force: parse.GetValue(force), Log: Console.Error));
            Console.WriteLine(prepared.Built
                ? $"prepared {recipe.Name}/{prepared.Manifest.Variant} in {prepared.Manifest.PrepareSeconds:F2} s: {prepared.Folder}"
                : $"{recipe.Name}/{prepared.Manifest.Variant} is already prepared (manifest and checksums match): {prepared.Folder}");
            PrintSummary(prepared.Manifest);
        }));
        return command;
    }

    private static Command List()
    {
        var dataDir = DataDir();
        var command = new Command("list", "Show the data sets the kit can prepare and the variants already in the cache.") { dataDir };
        command.SetAction(parse => UserErrors.Report("data list", () =>
        {
            var cache = DataCache.Resolve(parse.GetValue(dataDir));
            var cached = cache.Inspect(checksums: true);
            Console.WriteLine($"cache: {cache.Root} (each variant's files checked against its manifest: size and SHA-256)");
            foreach (var recipe in DataSetCatalog.All)
            {
                Console.WriteLine($"{recipe.Name,-14} {recipe.Description}");
                Console.WriteLine($"{"",-14} options: {string.Join(", ", recipe.Options.Select(o => $"{o.Key}={o.Default}"))}");
                foreach (var v in cached.Where(v => v.Name == recipe.Name))
                    Console.WriteLine($"{"",-14} {Describe(v)}");
            }
            foreach (var v in cached.Where(v => DataSetCatalog.All.All(r => r.Name != v.Name)))
                Console.WriteLine($"{v.Name,-14} (not a data set the kit knows) {Describe(v)}");
            var damaged = cached.Count(v => !v.Intact);
            if (damaged > 0) Console.WriteLine($"{damaged} variant(s) CORRUPT: rebuild each with `research data prepare NAME --set ... --force`");
        }));
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("name") { Description = "fashion-mnist, kjv or mt." };
        var dataDir = DataDir();
        var set = Settings();
        var pairs = new Option<int>("--pairs") { Description = "mt: how many random verse pairs to print.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "mt: seed for picking the pairs.", DefaultValueFactory = _ => Environment.TickCount };
        var command = new Command("show", "Print a prepared variant's manifest; for mt, also random aligned pairs to check the alignment by eye.")
        {
            name, dataDir, set, pairs, seed,
        };
        command.SetAction(parse => UserErrors.Report("data show", () =>
        {
            var recipe = DataSetCatalog.Find(parse.GetValue(name)!);
            var cache = DataCache.Resolve(parse.GetValue(dataDir));
            var settings = parse.GetValue(set)!;
            var options = recipe.ResolveOptions(ParseSettings(settings));
            var folder = cache.FolderOf(recipe.Name, recipe.VariantOf(options));
            var manifestPath = Path.Combine(folder, DataManifest.FileName);
            if (!File.Exists(manifestPath))
                throw new FileNotFoundException(
                    $"{manifestPath}: {recipe.Name} with these options is not prepared; run `research data prepare {recipe.Name}{string.Concat(settings.Select(x => $" --set {x}"))}` first");
            var variant = CachedVariant.Check(recipe.Name, Path.GetFileName(folder), folder, checksums: true);
            if (variant.Manifest is { } manifest) Console.WriteLine(manifest.ToJson());
            if (!variant.Intact)
                throw new InvalidDataException($"{recipe.Name}/{variant.Variant} is CORRUPT: {variant.Problem}; rebuild it with `research data prepare {recipe.Name}{string.Concat(settings.Select(x => $" --set {x}"))} --force`");
            Console.WriteLine($"verified: {variant.Manifest!.Files.Count} file(s) match the manifest's sizes and SHA-256");
            if (recipe is BibleTranslationRecipe) PrintPairs(BibleTranslation.Read(folder, variant.Manifest), parse.GetValue(pairs), parse.GetValue(seed));
        }));
        return command;
    }

    private static string Describe(CachedVariant v) => v switch
    {
        { Intact: false } => $"CORRUPT: {v.Variant}: {v.Problem}",
        _ => $"prepared: {v.Variant} ({v.Manifest!.Files.Sum(f => f.Bytes) / 1024.0 / 1024.0:F1} MB, {v.Manifest.CreatedUtc:yyyy-MM-dd HH:mm} UTC, verified)",
    };

    private static void PrintPairs(TranslationCorpus corpus, int count, int seed)
    {
        var random = new Random(seed);
        Console.WriteLine($"\n{count} random pairs (seed {seed}):");
        foreach (var split in BibleTranslationRecipe.Splits)
        {
            var pairs = corpus.Text.Split(split);
            for (var k = 0; k < count && pairs.Count > 0; k++)
            {
                var i = random.Next(pairs.Count);
                Console.WriteLine($"[{split} {corpus.References[split][i]}]");
                Console.WriteLine($"  es: {pairs[i].Source}");
                Console.WriteLine($"  en: {pairs[i].Target}");
                Console.WriteLine($"  en pieces: {string.Join(' ', corpus.Ids[split].Target[i].Select(id => corpus.TargetVocabulary.Pieces[id]))}");
            }
        }
    }

    private static void PrintSummary(DataManifest manifest)
    {
        if (manifest.Statistics["splits"] is not JsonObject splits) return;
        foreach (var (split, stats) in splits)
            Console.WriteLine($"  {split,-12} {stats?.ToJsonString()}");
    }

    private static Dictionary<string, string> ParseSettings(string[] settings)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            var eq = setting.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--set '{setting}': expected key=value");
            options[setting[..eq]] = setting[(eq + 1)..];
        }
        return options;
    }
}
