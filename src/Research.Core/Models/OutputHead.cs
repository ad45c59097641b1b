using Research.Core.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Research.Core.Models;

/// <summary>The logits of a classifier over the vocabulary, with the bias-free part kept apart (the augmented loss needs W h).</summary>
public readonly record struct HeadOutput(Tensor LogitsWithoutBias, Tensor Logits)
{
    /// <summary>Moves both tensors to the enclosing DisposeScope (once, when they are the same tensor).</summary>
    public HeadOutput MoveToOuterDisposeScope()
    {
        LogitsWithoutBias.MoveToOuterDisposeScope();
        if (!ReferenceEquals(Logits, LogitsWithoutBias)) Logits.MoveToOuterDisposeScope();
        return this;
    }
}

/// <summary>
/// A softmax classifier over the vocabulary: z = W f(h) and logits = z + b, where f is the identity or a
/// projection. Subclasses say where W comes from (its own parameter, or the tied input embedding).
/// </summary>
public abstract class OutputHead(string name) : nn.Module<Tensor, HeadOutput>(name)
{
    /// <summary>W [V, d]: the matrix multiplying the (projected) hidden state.</summary>
    public abstract Parameter weight { get; }

    public abstract Parameter? bias { get; }

    /// <summary>The hidden state as the classifier sees it (after the projection, if there is one).</summary>
    protected virtual Tensor Features(Tensor hidden) => hidden;

    /// <summary>For hidden [N, d_h]: z = W f(h) [N, V] and logits = z + b (the same tensor when there is no bias).</summary>
    public override HeadOutput forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var z = nn.functional.linear(Features(hidden), weight);    // [N, V]
        var logits = bias is null ? z : z.plus(bias);
        return new HeadOutput(z, logits).MoveToOuterDisposeScope();
    }
}

/// <summary>An ordinary output layer with its own weight [V, d_h] and bias (PyTorch's nn.Linear initialisation).</summary>
public sealed class UntiedLinearHead : OutputHead
{
    private readonly Linear linear;

    public UntiedLinearHead(long hiddenSize, long vocabulary, bool bias = true) : base(nameof(UntiedLinearHead))
    {
        linear = nn.Linear(hiddenSize, vocabulary, hasBias: bias);
        RegisterComponents();
    }

    public override Parameter weight => linear.weight!;
    public override Parameter? bias => linear.bias;
}
