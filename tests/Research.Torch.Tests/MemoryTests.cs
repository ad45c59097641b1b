using System.Diagnostics;
using Research.Torch;

namespace Research.Torch.Tests;

/// <summary>Dispose scopes, the live-handle counter and resident memory over many steps.</summary>
public sealed class MemoryTests
{
    [Fact]
    public void Scoped_work_returns_the_live_count_to_its_start()
    {
        var start = Tensor.LiveCount;
        using (torch.NewDisposeScope())
        {
            var x = torch.randn(10, 10);
            for (var i = 0; i < 100; i++) x = (x.tanh() * 0.9 + 0.1).softmax(1).log();
            _ = x.sum().item();
            Assert.True(Tensor.LiveCount > start + 100);
        }
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void Nested_scopes_move_results_outward_and_detach()
    {
        var start = Tensor.LiveCount;
        Tensor kept, detached;
        using (var outer = torch.NewDisposeScope())
        {
            Tensor moved;
            using (var inner = torch.NewDisposeScope())
            {
                var a = torch.ones(3);
                moved = (a * 2).MoveToOuterDisposeScope();
                detached = (a * 3).DetachFromDisposeScope();
                Assert.Same(inner, DisposeScope.Current);
                Assert.Same(outer, inner.Outer);
                Assert.Equal(1, inner.Count); // a
            }
            Assert.False(moved.IsDisposed);
            Assert.Equal(1, outer.Count);
            kept = outer.MoveToOuter(moved);
        }
        Assert.Null(DisposeScope.Current);
        Assert.False(kept.IsDisposed);
        Assert.Equal(new float[] { 2, 2, 2 }, kept.ToArray<float>());
        Assert.Equal(new float[] { 3, 3, 3 }, detached.ToArray<float>());
        kept.Dispose();
        detached.Dispose();
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void Include_hands_existing_tensors_to_a_scope()
    {
        var start = Tensor.LiveCount;
        var loose = torch.ones(2);
        Tensor owned;
        using (var other = torch.NewDisposeScope())
        {
            owned = torch.zeros(2);
            using (var scope = torch.NewDisposeScope()) scope.Include(loose, owned);
        }
        Assert.True(loose.IsDisposed);
        Assert.True(owned.IsDisposed);
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void A_disposed_scope_disposes_its_tensors()
    {
        Tensor t;
        using (torch.NewDisposeScope()) t = torch.zeros(2);
        Assert.True(t.IsDisposed);
        var e = Assert.Throws<ObjectDisposedException>(() => t.sum());
        Assert.Contains("use after dispose", e.Message);
    }

    [Fact]
    public void Grad_reads_and_optional_null_tensors_do_not_leak_or_throw()
    {
        var start = Tensor.LiveCount;
        using (torch.NewDisposeScope())
        {
            var w = torch.ones([3], requires_grad: true);
            Assert.Null(w.grad);
            (w * w).sum().backward(gradient: null);
            for (var i = 0; i < 10; i++) _ = w.grad!.sum();
            w.grad = null;
            Assert.Null(w.grad);
            _ = w.clamp(null, torch.ones(3));
        }
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void Finalizer_releases_tensors_that_were_never_disposed()
    {
        CollectGarbage(); // other tests' garbage must not be finalized during the measurement
        var start = Tensor.LiveCount;
        MakeGarbage();
        for (var i = 0; i < 5 && Tensor.LiveCount > start; i++) CollectGarbage();
        Assert.Equal(start, Tensor.LiveCount);
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static void MakeGarbage()
    {
        for (var i = 0; i < 200; i++) _ = torch.ones(64) + i;
    }

    [Fact]
    public void Resident_memory_stays_flat_over_many_training_steps()
    {
        torch.manual_seed(0);
        var w = torch.randn([256, 256], requires_grad: true);
        var x = torch.randn(64, 256);
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var scope = torch.NewDisposeScope();
                var loss = x.matmul(w).tanh().square().mean();
                loss.backward();
                using (torch.no_grad()) w.add_(w.grad!, -0.01);
                w.zero_grad();
            }
        }
        Steps(300); // warm up allocator caches and the JIT
        var before = Rss();
        Steps(2000);
        var growth = Rss() - before;
        Assert.True(growth < 16 << 20, $"resident memory grew by {growth >> 20} MiB over 2000 steps");
        w.Dispose();
        x.Dispose();
    }

    private static long Rss()
    {
        CollectGarbage();
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }
}
