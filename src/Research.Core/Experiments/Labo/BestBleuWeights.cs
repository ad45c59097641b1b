using System.Text.Json;
using Research.Core.Checkpoints;
using Research.Core.Metrics.Bleu;
using Research.Core.Models;
using Research.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Labo;

/// <summary>
/// Checkpoint selection on validation BLEU (labo.md §4.5): after each epoch, greedy-decodes the validation sources,
/// scores corpus BLEU (13a) against the references, and keeps the weights of the best epoch so far, in memory and,
/// with a file, beside the run's checkpoint with a JSON record of every epoch's BLEU, so a resumed run keeps them.
/// </summary>
public sealed class BestBleuWeights : ITrainingObserver, IDisposable
{
    private readonly TranslationTransformer model;
    private readonly TranslationSplit valid;
    private readonly Func<int[], string> decode;
    private readonly SearchOptions search;
    private readonly string? file;
    private readonly SortedDictionary<int, double> byEpoch = new();
    private Dictionary<string, Tensor>? weights;

    public BestBleuWeights(TranslationTransformer model, TranslationSplit valid, Func<int[], string> decode, SearchOptions search, string? file)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.valid = valid ?? throw new ArgumentNullException(nameof(valid));
        this.decode = decode ?? throw new ArgumentNullException(nameof(decode));
        this.search = search ?? throw new ArgumentNullException(nameof(search));
        this.file = file;
        if (file is not null && File.Exists(Record(file)) && File.Exists(file))
        {
            var saved = JsonSerializer.Deserialize<Dictionary<int, double>>(File.ReadAllText(Record(file)))!;
            foreach (var (epoch, bleu) in saved) byEpoch[epoch] = bleu;
            weights = SafeTensors.Load(file);
        }
    }

    /// <summary>Validation BLEU of each epoch so far.</summary>
    public IReadOnlyDictionary<int, double> ByEpoch => byEpoch;

    public int BestEpoch => byEpoch.Count == 0 ? 0 : byEpoch.MaxBy(kv => kv.Value).Key;

    public double BestBleu => byEpoch.Count == 0 ? double.NaN : byEpoch.Values.Max();

    /// <summary>Seconds spent decoding the validation set in this process (not counted in the epochs' training time).</summary>
    public double DecodeSeconds { get; private set; }

    public void EpochEnded(EpochResult epoch)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var hypotheses = TranslationSearch.Greedy(model, valid.Source, search).Select(decode).ToArray();
        DecodeSeconds += clock.Elapsed.TotalSeconds;
        var bleu = CorpusBleu.Score(hypotheses, valid.References).Score;
        var improved = byEpoch.Count == 0 || bleu > byEpoch.Values.Max();
        byEpoch[epoch.Epoch] = bleu;
        if (improved)
        {
            Release();
            using var scope = NewDisposeScope();
            using (no_grad())
                weights = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
            if (file is not null) SafeTensors.Save(weights, file);
        }
        if (file is not null) AtomicFile.Write(Record(file), stream => JsonSerializer.Serialize(stream, byEpoch));
    }

    /// <summary>Loads the best epoch's weights into the model (nothing when no epoch was scored).</summary>
    public void Restore()
    {
        if (weights is null) return;
        using var _ = no_grad();
        foreach (var (name, target) in model.state_dict()) target.copy_(weights[name]);
    }

    private static string Record(string file) => Path.ChangeExtension(file, ".json");

    private void Release()
    {
        if (weights is not null)
            foreach (var t in weights.Values) t.Dispose();
        weights = null;
    }

    public void Dispose() => Release();
}
