using Research.Torch;
using static Research.Torch.torch;

namespace Research.Torch.Tests;

/// <summary>Module bookkeeping: names, modes, dtype moves, counting, hooks, tying.</summary>
public sealed class ModuleTests
{
    private sealed class TwoLayer : nn.Module<Tensor, Tensor>
    {
        public TwoLayer()
        {
            fc1 = register_module("fc1", new nn.Linear(3, 4));
            norm = register_module("norm", new nn.BatchNorm1d(4));
            drop = register_module("drop", new nn.Dropout(0.5));
            fc2 = register_module("fc2", new nn.Linear(4, 2));
        }

        public nn.Linear fc1 { get; }
        public nn.BatchNorm1d norm { get; }
        public nn.Dropout drop { get; }
        public nn.Linear fc2 { get; }

        public override Tensor forward(Tensor x) => fc2.call(drop.call(norm.call(fc1.call(x)).relu()));
    }

    [Fact]
    public void Names_follow_registration_order()
    {
        using var m = new TwoLayer();
        Assert.Equal(["fc1.weight", "fc1.bias", "norm.weight", "norm.bias", "fc2.weight", "fc2.bias"], m.named_parameters().Select(p => p.Name));
        Assert.Equal(["norm.running_mean", "norm.running_var", "norm.num_batches_tracked"], m.named_buffers().Select(b => b.Name));
        Assert.Equal(["", "fc1", "norm", "drop", "fc2"], m.named_modules().Select(x => x.Name));
        Assert.Equal(["fc1", "norm", "drop", "fc2"], m.named_children().Select(x => x.Name));
        Assert.Equal(3 * 4 + 4 + 4 + 4 + 4 * 2 + 2, m.num_parameters());
        using var scope = NewDisposeScope();
        Assert.Equal(9, m.state_dict().Count);
    }

    [Fact]
    public void Train_and_eval_reach_every_submodule()
    {
        using var m = new TwoLayer();
        m.eval();
        Assert.All(m.modules(), x => Assert.False(x.training));
        using var scope = NewDisposeScope();
        var x = randn(8, 3);
        Assert.True(m.call(x).equal(m.call(x)));
        Assert.Equal(0L, m.norm.num_batches_tracked!.item<long>());
        m.train();
        Assert.All(m.modules(), x => Assert.True(x.training));
        Assert.False(m.call(x).equal(m.call(x)));
        Assert.Equal(2L, m.norm.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void To_float64_keeps_parameter_identity()
    {
        using var m = new TwoLayer();
        var before = m.parameters().ToList();
        using var opt = new optim.SGD(before, lr: 0.1);
        m.to(float64);
        Assert.All(m.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Int64, m.norm.num_batches_tracked!.dtype);
        Assert.True(before.Zip(m.parameters()).All(pair => ReferenceEquals(pair.First, pair.Second)));
        using var scope = NewDisposeScope();
        m.call(randn([4, 3], float64)).sum().backward();
        opt.step();
        Assert.All(m.parameters(), p => Assert.True(p.requires_grad && p.is_leaf));
    }

    [Fact]
    public void Forward_hooks_and_the_activation_recorder_see_outputs_with_their_graph()
    {
        using var m = new TwoLayer();
        using var scope = NewDisposeScope();
        var calls = new List<string>();
        using (m.fc1.register_forward_hook((module, _, _) => calls.Add(module.GetType().Name)))
        using (var recorder = new nn.ActivationRecorder(m, "fc1", "norm"))
        {
            m.call(randn(5, 3));
            Assert.Equal(["Linear"], calls);
            Assert.Equal(new long[] { 5, 4 }, recorder["norm"].shape);
            Assert.True(recorder["fc1"].requires_grad);
            recorder["fc1"].sum().backward();
            Assert.NotNull(m.fc1.weight.grad);
        }
        m.call(randn(5, 3));
        Assert.Single(calls);
        var e = Assert.Throws<ArgumentException>(() => new nn.ActivationRecorder(m, "fc3"));
        Assert.Contains("fc1, norm, drop, fc2", e.Message);
    }

    [Fact]
    public void Recorder_takes_the_output_sequence_of_an_lstm()
    {
        using var lstm = new nn.LSTM(3, 4);
        using var recorder = new nn.ActivationRecorder(lstm, "");
        using var scope = NewDisposeScope();
        lstm.call(randn(6, 2, 3));
        Assert.Equal(new long[] { 6, 2, 4 }, recorder[""].shape);
    }

    // Weight tying the PyTorch way: one tensor registered under two names (an embedding and an output layer).
    private sealed class Tied : nn.Module
    {
        public Tied()
        {
            embedding = register_module("embedding", new nn.Embedding(10, 4));
            head = register_module("head", new TiedHead(embedding.weight));
        }

        public nn.Embedding embedding { get; }
        public TiedHead head { get; }
    }

    private sealed class TiedHead : nn.Module
    {
        public TiedHead(Tensor shared)
        {
            weight = register_parameter("weight", shared);
            bias = register_parameter("bias", zeros(10));
        }

        public Tensor weight { get; }
        public Tensor bias { get; }
    }

    [Fact]
    public void Parameters_count_a_shared_tensor_once()
    {
        using var m = new Tied();
        Assert.Same(m.embedding.weight, m.head.weight);
        Assert.Equal(10 * 4 + 10, m.num_parameters());
        Assert.Equal(["embedding.weight", "head.bias"], m.named_parameters().Select(p => p.Name));
        using var scope = NewDisposeScope();
        Assert.Equal(["embedding.weight", "head.weight", "head.bias"], m.state_dict().Keys);
    }

    [Fact]
    public void Repr_reads_like_pytorch()
    {
        using var m = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU());
        Assert.Equal("Sequential(\n  (0): Linear(in_features=3, out_features=4, bias=True)\n  (1): ReLU()\n)", m.ToString());
    }

    [Fact]
    public void Parameters_leave_the_creating_scope()
    {
        nn.Linear layer;
        using (NewDisposeScope()) layer = new nn.Linear(2, 2);
        Assert.False(layer.weight.IsDisposed);
        layer.Dispose();
        Assert.True(layer.weight.IsDisposed);
    }

    [Fact]
    public void Bad_inputs_name_the_expected_shape()
    {
        using var scope = NewDisposeScope();
        using var conv = new nn.Conv2d(3, 4, 3);
        Assert.Contains("expected [N, 3, H, W]", Assert.Throws<ArgumentException>(() => conv.call(randn(3, 8, 8))).Message);
        using var lstm = new nn.LSTM(5, 4);
        Assert.Contains("expected [T, N, 5]", Assert.Throws<ArgumentException>(() => lstm.call(randn(2, 3, 4))).Message);
        Assert.Contains("expected [1, 3, 4]", Assert.Throws<ArgumentException>(() => lstm.call(randn(2, 3, 5), (zeros(2, 3, 4), zeros(1, 3, 4)))).Message);
        using var bn = new nn.BatchNorm2d(3);
        Assert.Contains("rank 4 with 3 channels", Assert.Throws<ArgumentException>(() => bn.call(randn(2, 3))).Message);
        Assert.Contains("target has shape [4, 1]", Assert.Throws<ArgumentException>(() => nn.functional.cross_entropy(randn(4, 3), zeros([4, 1], int64))).Message);
    }
}
