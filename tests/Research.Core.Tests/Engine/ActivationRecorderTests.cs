using Research.Core.Engine;
using Research.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Engine;

/// <summary>The named-activation recorder on TorchSharp's forward hooks: any module, graph kept, errors that list names.</summary>
public sealed class ActivationRecorderTests
{
    [Fact]
    public void Records_named_layers_of_a_sequential_model_with_their_graph()
    {
        manual_seed(1);
        using var model = nn.Sequential(("fc1", nn.Linear(4, 8)), ("act", nn.ReLU()), ("fc2", nn.Linear(8, 2)));
        using var recorder = new ActivationRecorder(model, "fc1", "fc2");
        using var scope = NewDisposeScope();
        var x = randn(5, 4);
        var y = model.call(x);
        Assert.Equal([5L, 8L], recorder["fc1"].shape);
        Assert.True(recorder["fc2"].eq(y).all().item<bool>());
        recorder["fc1"].sum().backward();                       // the recorded tensor is part of the graph
        Assert.NotNull(model.parameters().First().grad);
    }

    [Fact]
    public void Records_a_two_input_module_and_takes_the_first_tensor_of_a_tuple()
    {
        manual_seed(2);
        using var lm = new LstmLanguageModel(new LstmLanguageModelConfig(Vocabulary: 20, EmbeddingSize: 6, HiddenSize: 6));
        lm.eval();
        using var recorder = new ActivationRecorder(lm, "encoder", "rnn");
        using var scope = NewDisposeScope();
        lm.call(randint(0, 20, [7, 3], dtype: ScalarType.Int64), null);
        Assert.Equal([7L, 3L, 6L], recorder["encoder"].shape);
        Assert.Equal([7L, 3L, 6L], recorder["rnn"].shape);     // the output sequence of (output, state)
    }

    [Fact]
    public void Unknown_names_and_empty_records_are_clear_errors()
    {
        using var model = nn.Sequential(("fc", nn.Linear(2, 2)));
        var error = Assert.Throws<ArgumentException>(() => new ActivationRecorder(model, "conv"));
        Assert.Contains("no submodule 'conv'", error.Message);
        Assert.Contains("fc", error.Message);
        using var recorder = new ActivationRecorder(model, "fc");
        Assert.Throws<KeyNotFoundException>(() => recorder["fc"]);
    }

    [Fact]
    public void Disposing_removes_the_hooks()
    {
        using var model = nn.Sequential(("fc", nn.Linear(2, 2)));
        var recorder = new ActivationRecorder(model, "fc");
        recorder.Dispose();
        using var scope = NewDisposeScope();
        model.call(randn(1, 2));
        Assert.Empty(recorder.Activations);
    }
}
