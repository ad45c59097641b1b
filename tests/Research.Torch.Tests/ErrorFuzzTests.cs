using Research.Torch;

namespace Research.Torch.Tests;

/// <summary>
/// Random invalid calls (wrong shapes, dtypes, dims, indices, disposed tensors) must each raise a .NET
/// exception that names the problem, and never bring the process down.
/// </summary>
public sealed class ErrorFuzzTests
{
    private static readonly Type[] Expected =
        [typeof(TorchException), typeof(ArgumentException), typeof(ArgumentOutOfRangeException),
         typeof(ObjectDisposedException), typeof(InvalidCastException)];

    // Each generator makes one call that is invalid by construction.
    private static readonly Func<Random, Action>[] BadCalls =
    [
        r => { var (a, b) = (Rand(r, 2, 5), Rand(r, 6, 9)); return () => _ = torch.zeros(a) + torch.zeros(b); },
        r => { var n = r.Next(2, 6); return () => _ = torch.zeros(n, n + 1).matmul(torch.zeros(n, n)); },
        r => { var d = r.Next(3, 9); return () => _ = torch.zeros(2, 3).sum(d); },
        r => { var d = -r.Next(3, 9); return () => _ = torch.zeros(2, 3).softmax(d); },
        r => { var i = r.Next(3, 100); return () => _ = torch.zeros(3, 4).select(0, i); },
        r => { var i = r.Next(4, 50); return () => _ = torch.zeros(3, 4).index_select(1, torch.tensor(new long[] { 0, i })); },
        r => { var i = r.Next(4, 50); return () => _ = torch.zeros(3, 4).gather(1, torch.full([3, 2], i, torch.int64)); },
        r => () => _ = torch.zeros(3, 4).index_select(0, torch.zeros(2)),
        r => () => _ = torch.zeros(3, 4).masked_fill(torch.zeros([3, r.Next(5, 9)], torch.@bool), 1.0),
        r => { var n = r.Next(7, 13); return () => _ = torch.zeros(2, 3).view(n); },
        r => { var n = -r.Next(2, 9); return () => _ = torch.zeros(n, 2); },
        r => () => _ = torch.cat([torch.zeros(2, 3), torch.zeros(3, 4)], 0),
        r => () => _ = torch.stack([torch.zeros(2), torch.zeros(3)]),
        r => { var len = r.Next(4, 9); return () => _ = torch.zeros(3, 3).narrow(0, 1, len); },
        r => () => _ = torch.zeros(3).item(),
        r => () => _ = torch.zeros(3).ToArray<long>(),
        r => () => _ = torch.nn.functional.one_hot(torch.zeros(3), 4),
        r => () => _ = torch.zeros(2, 3).transpose(0, r.Next(2, 9)),
        r => () => _ = torch.zeros(2, 3).permute(0, 0),
        r => () => _ = torch.zeros(2, 3).expand(4, 4),
        r => () => _ = torch.zeros(2, 3).bmm(torch.zeros(2, 3)),
        r => () => torch.zeros(3).backward(),
        r => () => torch.zeros([3], requires_grad: true).sum().backward(torch.zeros(5)),
        r => () => _ = torch.tensor(new float[] { 1, 2, 3 }, [r.Next(4, 9)]),
        r => () => _ = torch.zeros(2, 2)[r.Next(2, 20), 0],
        r => () => _ = torch.zeros(2, 2)[0, 0, 0],
        r => () => _ = torch.zeros(2, 2).to("tpu"),
        r => () => _ = torch.zeros(2, 2).to("cuda:0"),
        r => () => _ = torch.zeros(2, 3).split(0),
        r => () => _ = torch.zeros(4).clamp(),
        r => () => torch.set_num_threads(-r.Next(0, 5)),
        r => () => _ = torch.linalg.solve(torch.zeros(2, 3), torch.zeros(2)),
        r =>
        {
            var t = torch.ones(3);
            t.Dispose();
            return r.Next(4) switch
            {
                0 => () => _ = t + 1,
                1 => () => _ = t.sum(),
                2 => () => _ = t.shape,
                _ => () => _ = torch.cat([t, t]),
            };
        },
    ];

    private static long Rand(Random r, int lo, int hi) => r.Next(lo, hi);

    [Fact]
    public void Ten_thousand_bad_calls_each_raise_a_dotnet_exception()
    {
        var rng = new Random(2024);
        var raised = 0;
        var kinds = new Dictionary<string, int>();
        for (var i = 0; i < 10_000; i++)
        {
            using var scope = torch.NewDisposeScope();
            var generator = rng.Next(BadCalls.Length);
            var call = BadCalls[generator](rng);
            var e = Record.Exception(call);
            Assert.True(e is not null, $"call {i} (generator {generator}) did not fail");
            Assert.True(Expected.Any(t => t.IsInstanceOfType(e)), $"call {i}: unexpected {e!.GetType().Name}: {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            kinds[e.GetType().Name] = kinds.GetValueOrDefault(e.GetType().Name) + 1;
            raised++;
        }
        Assert.Equal(10_000, raised);
        Assert.True(kinds.ContainsKey(nameof(TorchException)) && kinds.ContainsKey(nameof(ObjectDisposedException)));
    }

    public static TheoryData<string, string> Messages() => new()
    {
        { "shape", "must match the size" },
        { "index", "out of" },
        { "dtype", "dtype" },
        { "dispose", "use after dispose" },
        { "dim", "Dimension out of range" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Messages_name_the_problem(string problem, string fragment)
    {
        using var scope = torch.NewDisposeScope();
        Action call = problem switch
        {
            "shape" => () => _ = torch.zeros(3) + torch.zeros(4),
            "index" => () => _ = torch.zeros(3, 4).index_select(1, torch.tensor(new long[] { 9 })),
            "dtype" => () => _ = torch.zeros(3, 4).index_select(0, torch.zeros(2)),
            "dispose" => () => { var t = torch.zeros(2); t.Dispose(); _ = t.exp(); },
            _ => () => _ = torch.zeros(2, 3).sum(5),
        };
        var e = Record.Exception(call);
        Assert.NotNull(e);
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain("frame #", e.Message);
    }

    [Fact]
    public void Native_error_keeps_the_backtrace_apart_from_the_message()
    {
        var e = Assert.Throws<TorchException>(() => torch.raise_test_error(TorchErrorKind.Index));
        Assert.Equal(TorchErrorKind.Index, e.Kind);
        Assert.Equal("raise_test_error: test index error", e.Message);
        Assert.Contains("test index error", e.NativeBacktrace);
        Assert.Contains("rt_raise_test_error", e.NativeBacktrace);
    }

    public static TheoryData<TorchErrorKind> Kinds() =>
        new(TorchErrorKind.Generic, TorchErrorKind.Index, TorchErrorKind.Value, TorchErrorKind.Type,
            TorchErrorKind.NotImplemented, TorchErrorKind.OutOfMemory, TorchErrorKind.Std);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_native_error_kind_becomes_a_TorchException(TorchErrorKind kind)
    {
        var e = Assert.Throws<TorchException>(() => torch.raise_test_error(kind));
        Assert.Equal(kind, e.Kind);
    }

    [Fact]
    public void An_unknown_CPlusPlus_exception_is_still_caught() =>
        Assert.Throws<TorchException>(() => torch.raise_test_error((TorchErrorKind)99));
}
