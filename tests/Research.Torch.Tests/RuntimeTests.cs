using Research.Torch;

namespace Research.Torch.Tests;

/// <summary>Runtime settings, versions, printing and API details.</summary>
public sealed class RuntimeTests
{
    [Fact]
    public void Blas_in_use_is_openblas_not_the_reference()
    {
        var info = torch.blas_info();
        Assert.Contains("OpenBLAS", info);
        Assert.DoesNotContain("reference", info);
    }

    [Fact]
    public void Versions_and_cuda_are_reported()
    {
        Assert.StartsWith("1.13", torch.__version__);
        Assert.False(torch.cuda.is_available());
        Assert.Equal(0, torch.cuda.device_count());
        Assert.Contains("ATen", torch.parallel_info());
    }

    [Fact]
    public void Tests_run_on_one_thread_and_threads_can_change()
    {
        Assert.Equal(1, torch.get_num_threads());
        torch.set_num_threads(2);
        Assert.Equal(2, torch.get_num_threads());
        torch.set_num_threads(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.set_num_threads(0));
    }

    [Fact]
    public void Deterministic_algorithms_toggle()
    {
        torch.use_deterministic_algorithms(true);
        Assert.True(torch.are_deterministic_algorithms_enabled());
        torch.use_deterministic_algorithms(false);
        Assert.False(torch.are_deterministic_algorithms_enabled());
    }

    [Fact]
    public void Manual_seed_reproduces_draws()
    {
        torch.manual_seed(7);
        using var a = torch.randn(5);
        torch.manual_seed(7);
        using var b = torch.randn(5);
        Assert.True(a.equal(b));
        Assert.Equal(7, torch.initial_seed());
    }

    [Fact]
    public void ToString_shows_shape_dtype_device_and_values()
    {
        using var scope = torch.NewDisposeScope();
        var s = torch.arange(6.0, 12.0, 1.0).view(2, 3).ToString();
        Assert.Equal("Tensor[2, 3] float32 cpu\n[[ 6.0000,  7.0000,  8.0000],\n [ 9.0000, 10.0000, 11.0000]]", s);
        var big = torch.zeros([100, 100], torch.int64).ToString();
        Assert.StartsWith("Tensor[100, 100] int64 cpu", big);
        Assert.Contains("...", big);
        Assert.True(big.Length < 600);
        Assert.Contains("requires_grad", torch.ones([1], requires_grad: true).ToString());
        Assert.Equal("Tensor[] float32 cpu\n3.5000", torch.tensor(3.5).ToString());
    }

    [Fact]
    public void Integer_literal_zero_picks_the_dim_overload()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2, 3);
        Assert.Equal(new long[] { 3 }, x.sum(0).shape);
        Assert.Equal(new long[] { 3 }, x.mean(0).shape);
    }

    [Fact]
    public void Dtype_conversions_and_arrays_round_trip()
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.tensor(new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal(new long[] { 2, 2 }, m.shape);
        Assert.Equal(ScalarType.Float64, m.dtype);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, m.to(torch.int64).ToArray<long>());
        Assert.Equal(new[] { true, true, true, true }, m.gt(0).ToArray<bool>());
        Assert.Equal(10.0, m.sum().item());
        Assert.Equal(3L, m.argmax().item<long>());
        var e = Assert.Throws<InvalidCastException>(() => m.ToArray<float>());
        Assert.Contains("float64", e.Message);
    }

    [Fact]
    public void Indexing_assigns_into_views()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(3, 4);
        x[1] = torch.ones(4);
        x[.., 0] = torch.full([3], 5.0);
        x.index_fill_([2, 3], 7.0);
        Assert.Equal(new float[] { 5, 0, 0, 0, 5, 1, 1, 1, 5, 0, 0, 7 }, x.ToArray<float>());
        x[torch.tensor(new long[] { 0 })] = torch.full([1, 4], -1.0);
        Assert.Equal(-4f, x[0].sum().item<float>());
    }

    [Fact]
    public void Device_parsing_and_cpu_moves()
    {
        Assert.Equal(Device.CPU, Device.Parse("cpu"));
        Assert.Equal(new Device(DeviceType.CUDA, 1), Device.Parse("cuda:1"));
        Assert.Throws<ArgumentException>(() => Device.Parse("gpu"));
        using var t = torch.ones(2).to("cpu");
        Assert.Equal(Device.CPU, t.device);
        var e = Assert.Throws<TorchException>(() => torch.ones(2).to("cuda"));
        Assert.Contains("CUDA", e.Message);
    }
}
