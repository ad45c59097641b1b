using Research.Core.Data.Text;
using Research.Core.Losses;
using Research.Core.Models;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Labo;

/// <summary>A piece and the smoothing mass q gives it.</summary>
public sealed record PieceMass(string Piece, double Mass);

/// <summary>
/// One target position of a pair under teacher forcing: the gold piece, the model's probability of it, the pieces
/// LABO-R's q* gives the most mass, and the mass fairseq's LS gives every non-gold piece, 1/(V − 1) (times α in both).
/// </summary>
public sealed record SmoothingMassAt(int Position, string Gold, double GoldProbability, IReadOnlyList<PieceMass> Top, double UniformMass);

/// <summary>
/// Where LABO-R puts its smoothing mass in a trained translation model (the paper's Fig. 1 idea: pieces that fit the
/// context get more than LS's uniform share). q* comes from <see cref="LaboRSmoothing.Distribution"/> on the model's
/// own logits, exactly as the loss forms it.
/// </summary>
public static class SmoothingMass
{
    public static IReadOnlyList<SmoothingMassAt> Of(TranslationTransformer model, LaboRSmoothing smoothing, SentencePieceVocabulary vocabulary,
        int[] source, int[] target, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(smoothing);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (top < 1) throw new ArgumentOutOfRangeException(nameof(top), $"top must be at least 1, got {top}");
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            using var batch = TranslationBatchSource.Make([source], [target]);
            var logits = model.call(batch.Source, batch.TargetInput)[0].to(ScalarType.Float64);     // [T, V]
            var gold = batch.TargetOutput[0];                                                        // [T]
            var q = smoothing.Distribution(logits, gold);                                             // [T, V]
            var goldProbability = logits.softmax(1).gather(1, gold.unsqueeze(1)).squeeze(1).data<double>().ToArray();
            var (mass, pieces) = q.topk(Math.Min(top, (int)q.shape[1]), dim: 1);
            var masses = mass.data<double>().ToArray();
            var ids = pieces.data<long>().ToArray();
            var goldIds = gold.data<long>().ToArray();
            var width = (int)mass.shape[1];
            var uniform = 1.0 / (vocabulary.Count - 1);
            return [.. Enumerable.Range(0, goldIds.Length).Select(t => new SmoothingMassAt(t, vocabulary.Pieces[(int)goldIds[t]], goldProbability[t],
                [.. Enumerable.Range(0, width).Select(k => new PieceMass(vocabulary.Pieces[(int)ids[t * width + k]], masses[t * width + k]))], uniform))];
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
