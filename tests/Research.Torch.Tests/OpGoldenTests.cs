using Research.Torch;
using F = Research.Torch.torch.nn.functional;

namespace Research.Torch.Tests;

/// <summary>Every op against golden values from python3-torch (tests/goldens/make_op_goldens.py).</summary>
public sealed class OpGoldenTests
{
    private static readonly IReadOnlyDictionary<string, Goldens.Case> Cases = Goldens.Load("ops.json");

    private static Tensor[] One(Tensor t) => [t];

    // The C# side of each golden case; names match CASES in make_op_goldens.py.
    private static readonly Dictionary<string, Func<Tensor[], Tensor[]>> Ops = new()
    {
        ["zeros"] = _ => One(torch.zeros(2, 3)),
        ["ones_f64"] = _ => One(torch.ones([2, 2], torch.float64)),
        ["full"] = _ => One(torch.full([2, 3], 2.5)),
        ["full_int"] = _ => One(torch.full([3], 7)),
        ["arange"] = _ => One(torch.arange(0, 10, 3)),
        ["arange_float"] = _ => One(torch.arange(0.0, 1.0, 0.25)),
        ["linspace"] = _ => One(torch.linspace(-1, 1, 5)),
        ["eye"] = _ => One(torch.eye(3)),
        ["eye_rect"] = _ => One(torch.eye(2, 3)),
        ["seeded_random"] = _ =>
        {
            torch.manual_seed(42);
            return [torch.rand(2, 3), torch.randn(4), torch.randint(0, 10, [5]), torch.randperm(6)];
        },
        ["zeros_like"] = x => One(torch.zeros_like(x[0])),
        ["ones_like"] = x => One(torch.ones_like(x[0])),
        ["full_like"] = x => One(torch.full_like(x[0], 3.0)),
        ["view"] = x => One(x[0].view(4, 3)),
        ["view_infer"] = x => One(x[0].view(-1)),
        ["reshape"] = x => One(x[0].t().reshape(2, 6)),
        ["permute"] = x => One(x[0].permute(2, 0, 1)),
        ["transpose"] = x => One(x[0].transpose(0, 2)),
        ["squeeze"] = x => One(x[0].squeeze()),
        ["squeeze_dim"] = x => One(x[0].squeeze(1)),
        ["unsqueeze"] = x => One(x[0].unsqueeze(1)),
        ["expand"] = x => One(x[0].expand(3, 4)),
        ["cat"] = x => One(torch.cat([x[0], x[1]], 0)),
        ["cat_dim1"] = x => One(torch.cat([x[0], x[1]], 1)),
        ["stack"] = x => One(torch.stack([x[0], x[1]], 1)),
        ["split"] = x => x[0].split(3, 1),
        ["split_sizes"] = x => x[0].split([1L, 3L], 1),
        ["chunk"] = x => x[0].chunk(2, 0),
        ["narrow"] = x => One(x[0].narrow(1, 1, 2)),
        ["slice"] = x => One(x[0][TensorIndex.Slice(1), TensorIndex.Slice(step: 2)]),
        ["slice_negative"] = x => One(x[0][.., ^2..]),
        ["select_int"] = x => One(x[0][1]),
        ["index_none_ellipsis"] = x => One(x[0][TensorIndex.None, TensorIndex.Ellipsis, 0]),
        ["index_tensor"] = x => One(x[0][x[1]]),
        ["index_mask"] = x => One(x[0][x[1]]),
        ["index_select"] = x => One(x[0].index_select(1, x[1])),
        ["gather"] = x => One(x[0].gather(1, x[1])),
        ["scatter"] = x => One(torch.zeros(3, 4).scatter(1, x[1], x[2])),
        ["scatter_add"] = x => One(x[0].scatter_add(1, x[1], x[2])),
        ["masked_fill"] = x => One(x[0].masked_fill(x[1], -1.0)),
        ["where"] = x => One(torch.where(x[0], x[1], x[2])),
        ["one_hot"] = x => One(F.one_hot(x[0], 4)),
        ["flatten"] = x => One(x[0].flatten()),
        ["flatten_range"] = x => One(x[0].flatten(1, 2)),
        ["contiguous"] = x => One(x[0].t().contiguous()),
        ["tril"] = x => One(x[0].tril()),
        ["triu_offset"] = x => One(x[0].triu(1)),
        ["repeat"] = x => One(x[0].repeat(2, 1)),
        ["add"] = x => One(x[0] + x[1]),
        ["add_broadcast"] = x => One(x[0] + x[1]),
        ["add_alpha"] = x => One(x[0].add(x[1], 2.5)),
        ["sub"] = x => One(x[0] - x[1]),
        ["mul"] = x => One(x[0] * x[1]),
        ["div"] = x => One(x[0] / x[1]),
        ["add_scalar"] = x => One(x[0] + 1.5),
        ["rsub_scalar"] = x => One(2.0 - x[0]),
        ["rdiv_scalar"] = x => One(3.0 / x[0]),
        ["mul_scalar"] = x => One(x[0] * -2.0),
        ["int_add_int_scalar"] = x => One(x[0] + 2),
        ["int_true_divide"] = x => One(x[0] / 2),
        ["int_mul_float_scalar"] = x => One(x[0] * 0.5),
        ["remainder"] = x => One(x[0] % 3),
        ["pow_scalar"] = x => One(x[0].pow(3)),
        ["pow_tensor"] = x => One(x[0].pow(x[1])),
        ["neg"] = x => One(-x[0]),
        ["exp"] = x => One(x[0].exp()),
        ["log"] = x => One(x[0].log()),
        ["log1p"] = x => One(x[0].log1p()),
        ["sqrt"] = x => One(x[0].sqrt()),
        ["abs"] = x => One(x[0].abs()),
        ["clamp"] = x => One(x[0].clamp(-0.5, 0.5)),
        ["clamp_min"] = x => One(x[0].clamp(min: 0.0)),
        ["clamp_max"] = x => One(x[0].clamp(max: 0.1)),
        ["tanh"] = x => One(x[0].tanh()),
        ["sigmoid"] = x => One(x[0].sigmoid()),
        ["relu"] = x => One(x[0].relu()),
        ["gelu"] = x => One(x[0].gelu()),
        ["gelu_tanh"] = x => One(x[0].gelu("tanh")),
        ["square"] = x => One(x[0].square()),
        ["reciprocal"] = x => One(x[0].reciprocal()),
        ["maximum"] = x => One(x[0].maximum(x[1])),
        ["eq"] = x => One(x[0].eq(x[1])),
        ["ne_scalar"] = x => One(x[0].ne(1)),
        ["lt"] = x => One(x[0] < x[1]),
        ["le_scalar"] = x => One(x[0] <= 0.0),
        ["gt"] = x => One(x[0] > x[1]),
        ["ge_scalar"] = x => One(x[0] >= 0.2),
        ["logical_and"] = x => One(x[0].logical_and(x[1])),
        ["sum"] = x => One(x[0].sum()),
        ["sum_dim"] = x => One(x[0].sum(1)),
        ["sum_dims_keepdim"] = x => One(x[0].sum([0L, 2L], keepdim: true)),
        ["sum_int"] = x => One(x[0].sum()),
        ["mean"] = x => One(x[0].mean()),
        ["mean_dim_keepdim"] = x => One(x[0].mean(0, keepdim: true)),
        ["max"] = x => One(x[0].max()),
        ["max_dim"] = x => { var (v, i) = x[0].max(1); return [v, i]; },
        ["min_dim_keepdim"] = x => { var (v, i) = x[0].min(0, keepdim: true); return [v, i]; },
        ["min"] = x => One(x[0].min()),
        ["argmax"] = x => One(x[0].argmax()),
        ["argmax_dim"] = x => One(x[0].argmax(1)),
        ["argmin_dim"] = x => One(x[0].argmin(0)),
        ["logsumexp"] = x => One(x[0].logsumexp(1)),
        ["logsumexp_large"] = x => One(x[0].logsumexp(1)),
        ["norm"] = x => One(x[0].norm()),
        ["norm_p1_dim"] = x => One(x[0].norm(1, 1)),
        ["var"] = x => One(x[0].var()),
        ["var_dim"] = x => One(x[0].var(1)),
        ["var_biased"] = x => One(x[0].var(0, unbiased: false)),
        ["std"] = x => One(x[0].std()),
        ["std_dim_keepdim"] = x => One(x[0].std(1, keepdim: true)),
        ["prod"] = x => One(x[0].prod()),
        ["cumsum"] = x => One(x[0].cumsum(1)),
        ["all"] = x => One(x[0].all()),
        ["any_dim"] = x => One(x[0].any(1)),
        ["matmul"] = x => One(x[0].matmul(x[1])),
        ["matmul_vec"] = x => One(x[0].matmul(x[1])),
        ["matmul_batched"] = x => One(x[0].matmul(x[1])),
        ["mm"] = x => One(x[0].mm(x[1])),
        ["bmm"] = x => One(x[0].bmm(x[1])),
        ["softmax"] = x => One(x[0].softmax(1)),
        ["softmax_dim0"] = x => One(x[0].softmax(0)),
        ["softmax_large"] = x => One(x[0].softmax(1)),
        ["log_softmax"] = x => One(x[0].log_softmax(1)),
        ["log_softmax_large"] = x => One(x[0].log_softmax(1)),
        ["outer"] = x => One(torch.outer(x[0], x[1])),
        ["einsum"] = x => One(torch.einsum("bij,bjk->bik", x[0], x[1])),
        ["to_float64"] = x => One(x[0].to(torch.float64)),
        ["to_int64"] = x => One((x[0] * 3).to(torch.int64)),
        ["int32_to_float32"] = x => One(x[0].to(torch.float32)),
        ["uint8_to_int64"] = x => One(x[0].to(torch.int64)),
        ["bool_to_float"] = x => One(x[0].@float()),
        ["clone"] = x => One(x[0].clone()),
        ["detach"] = x => One(x[0].detach()),
    };

    public static TheoryData<string> Names() => new(Cases.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public void Op_matches_pytorch(string name)
    {
        Assert.True(Ops.ContainsKey(name), $"golden case '{name}' has no C# counterpart in OpGoldenTests.Ops");
        var c = Cases[name];
        using var scope = torch.NewDisposeScope();
        var inputs = c.Inputs.Select(Goldens.ToTensor).ToArray();
        var outputs = Ops[name](inputs);
        Assert.Equal(c.Outputs.Length, outputs.Length);
        for (var i = 0; i < outputs.Length; i++)
            Goldens.AssertMatches(c.Outputs[i], outputs[i], $"{name}[{i}]");
    }

    [Fact]
    public void Every_csharp_case_has_a_golden() =>
        Assert.Empty(Ops.Keys.Except(Cases.Keys));
}
