using Research.Core.Data.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Experiments.Dist2;

/// <summary>Greedy decoding of a number after a prompt: each answer token is the argmax over the number tokens.</summary>
public static class GreedyNumbers
{
    /// <summary>The model's distribution over the number tokens for the first answer token, [N, K] (softmax restricted to them).</summary>
    public static Tensor FirstTokenProbabilities(nn.Module<Tensor, Tensor> model, Tensor prompts, NumberTokenisation tokenisation)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var logits = model.call(prompts).select(1, -1).narrow(1, 0, RegressionPrompts.NumberTokens(tokenisation));   // [N, K]
            return logits.softmax(1).MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The decoded numbers for prompts [N, P] (number tokens 0 .. K−1 come first in the vocabulary).</summary>
    public static int[] Decode(nn.Module<Tensor, Tensor> model, Tensor prompts, NumberTokenisation tokenisation, int batch = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        var width = RegressionPrompts.Width(tokenisation);
        var numbers = RegressionPrompts.NumberTokens(tokenisation);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var values = new List<int>();
            for (long start = 0; start < prompts.shape[0]; start += batch)
            {
                using var scope = NewDisposeScope();
                var sequence = prompts.narrow(0, start, Math.Min(batch, prompts.shape[0] - start));   // [n, P]
                for (var i = 0; i < width; i++)
                {
                    var next = model.call(sequence).select(1, -1).narrow(1, 0, numbers).argmax(1);  // [n]
                    sequence = cat([sequence, next.unsqueeze(1)], 1);
                }
                var answer = sequence.narrow(1, sequence.shape[1] - width, width).data<long>().ToArray();
                for (var n = 0; n < answer.Length / width; n++)
                    values.Add(MetaLinearRegression.Decode(answer.Skip(n * width).Take(width).Select(t => (int)t).ToArray(), tokenisation));
            }
            return values.ToArray();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
