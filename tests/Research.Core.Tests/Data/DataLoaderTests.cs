using Research.Core.Data.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace Research.Core.Tests.Data;

public sealed class DataLoaderTests
{
    [Theory]
    [InlineData(10, 4, false, new[] { 4, 4, 2 })]
    [InlineData(10, 4, true, new[] { 4, 4 })]
    [InlineData(8, 4, true, new[] { 4, 4 })]
    [InlineData(3, 5, false, new[] { 3 })]
    [InlineData(3, 5, true, new int[0])]
    public void Batch_sizes_follow_drop_last(int count, int batchSize, bool dropLast, int[] sizes)
    {
        var sampler = new BatchSampler(count, batchSize, dropLast: dropLast);
        Assert.Equal(sizes, sampler.Batches().Select(b => b.Length));
        Assert.Equal(sizes.Length, sampler.BatchCount);
    }

    [Fact]
    public void Shuffling_is_seeded_per_epoch_and_covers_every_index_once()
    {
        var sampler = new BatchSampler(100, 7, shuffle: true, seed: 5);
        var epoch0 = sampler.Batches(0).SelectMany(b => b).ToArray();
        Assert.Equal(Enumerable.Range(0, 100), epoch0.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), epoch0);
        Assert.Equal(epoch0, new BatchSampler(100, 7, shuffle: true, seed: 5).Batches(0).SelectMany(b => b));
        Assert.NotEqual(epoch0, sampler.Batches(1).SelectMany(b => b));
        Assert.NotEqual(epoch0, new BatchSampler(100, 7, shuffle: true, seed: 6).Batches(0).SelectMany(b => b));
        Assert.Equal(Enumerable.Range(0, 100), new BatchSampler(100, 7).Batches(3).SelectMany(b => b));
    }

    [Fact]
    public void Tensor_loader_takes_matching_rows_of_every_tensor()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0, 20, ScalarType.Float32).reshape(10, 2);
        var y = torch.arange(0, 10, ScalarType.Int64);
        var loader = new TensorDataLoader([x, y], batchSize: 4, shuffle: true, seed: 1, dropLast: true);
        var batches = loader.Epoch(0).ToList();
        Assert.Equal(2, batches.Count);
        foreach (var batch in batches)
        {
            Assert.Equal(new long[] { 4, 2 }, batch[0].shape);
            var rows = batch[1].data<long>().ToArray();
            Assert.Equal(rows.SelectMany(r => new float[] { 2 * r, 2 * r + 1 }), batch[0].data<float>().ToArray());
        }
        var plain = new TensorDataLoader([x, y], batchSize: 4).Epoch().ToList();
        Assert.Equal(new long[] { 8, 9 }, plain[2][1].data<long>().ToArray());
        Assert.Throws<ArgumentException>(() => new TensorDataLoader([x, torch.zeros(9)], 4));
    }

    [Fact]
    public void Padding_collation_gives_tokens_mask_and_lengths()
    {
        using var batch = Collate.Pad([[5, 6, 7], [8], [9, 10]], padId: 0);
        Assert.Equal(new long[] { 3, 3 }, batch.Tokens.shape);
        Assert.Equal(new long[] { 5, 6, 7, 8, 0, 0, 9, 10, 0 }, batch.Tokens.data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, true, false, false, true, true, false }, batch.Mask.data<bool>().ToArray());
        Assert.Equal(new long[] { 3, 1, 2 }, batch.Lengths.data<long>().ToArray());
    }

    [Fact]
    public void Generic_loader_collates_items_in_sampler_order()
    {
        var items = Enumerable.Range(0, 5).Select(i => new float[] { i, -i }).ToList();
        var loader = new DataLoader<float[], Tensor>(items, rows => Collate.Stack(rows, 2), batchSize: 2);
        var batches = loader.Epoch().ToList();
        Assert.Equal(3, loader.BatchCount);
        Assert.Equal(new float[] { 4, -4 }, batches[2].data<float>().ToArray());
        Assert.Equal(new long[] { 2, 2 }, batches[0].shape);
        foreach (var b in batches) b.Dispose();
        Assert.Contains("rows[1] has 1 values but the item shape [2] needs 2",
            Assert.Throws<ArgumentException>(() => Collate.Stack([[1f, 2f], [3f]], 2)).Message);
    }
}
