using System.Collections.Concurrent;
using System.Diagnostics;

namespace MaeRealtime.Training.Data;

/// <summary>
/// Prepares micro-batches on a background thread while the training thread runs the step. A few buffers cycle
/// between the two threads (<see cref="Take"/>, <see cref="Return"/>) so the pixel arrays are allocated once.
/// The time the training thread spends waiting in <see cref="Take"/> is measured: when it is a noticeable share
/// of a step, data loading does not keep up. The thread makes no TorchSharp call: tensors are created on the
/// training thread only.
/// </summary>
public sealed class BatchPrefetcher : IDisposable
{
    private readonly BatchSampler _sampler;
    private readonly BlockingCollection<TrainingBatch> _ready;
    private readonly BlockingCollection<TrainingBatch> _free;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _expected;
    private volatile Exception? _failure;

    /// <summary>Starts producing micro-batches <paramref name="firstBatchIndex"/>, +1, ... up to <paramref name="depth"/> ahead.</summary>
    public BatchPrefetcher(BatchSampler sampler, long firstBatchIndex, int depth = 2)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatchIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _sampler = sampler;
        _expected = firstBatchIndex;
        _ready = new BlockingCollection<TrainingBatch>(new ConcurrentQueue<TrainingBatch>(), depth);
        _free = new BlockingCollection<TrainingBatch>(new ConcurrentQueue<TrainingBatch>());
        for (int i = 0; i < depth + 1; i++)
        {
            _free.Add(sampler.CreateBatch());
        }

        _thread = new Thread(() => Produce(firstBatchIndex)) { IsBackground = true, Name = "mae-data-prefetch" };
        _thread.Start();
    }

    /// <summary>Total time <see cref="Take"/> waited for data.</summary>
    public TimeSpan TotalWait { get; private set; }

    /// <summary>How long the last <see cref="Take"/> waited.</summary>
    public TimeSpan LastWait { get; private set; }

    /// <summary>The next micro-batch, in index order; hand it back with <see cref="Return"/> when its tensors are built.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired while waiting.</exception>
    /// <exception cref="InvalidOperationException">The producer failed (the cause is the inner exception).</exception>
    public TrainingBatch Take(CancellationToken cancel = default)
    {
        var watch = Stopwatch.StartNew();
        TrainingBatch batch;
        try
        {
            batch = _ready.Take(cancel);
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new InvalidOperationException($"Preparing training batches failed: {_failure.Message}", _failure);
        }

        LastWait = watch.Elapsed;
        TotalWait += LastWait;
        if (batch.Index != _expected)
        {
            throw new InvalidOperationException($"Prefetcher delivered batch {batch.Index}, expected {_expected}.");
        }

        _expected++;
        return batch;
    }

    /// <summary>Gives a batch buffer back for reuse.</summary>
    public void Return(TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_free.IsAddingCompleted)
        {
            _free.Add(batch);
        }
    }

    /// <summary>Stops the producer thread and waits for it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _free.CompleteAdding();
        _stop.Dispose();
        _ready.Dispose();
        _free.Dispose();
    }

    private void Produce(long index)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var batch = _free.Take(_stop.Token);
                _sampler.Fill(index++, batch);
                _ready.Add(batch, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the training thread no longer wants batches.
        }
        catch (Exception ex)
        {
            _failure = ex;
            _ready.CompleteAdding();
        }
    }
}
