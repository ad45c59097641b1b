namespace Research.Torch;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and disposes them
/// when it is disposed. Scopes nest; a result can be moved to the enclosing scope or detached.
/// <code>
/// using (var scope = torch.NewDisposeScope()) {
///     var loss = ...;               // intermediates are freed at the end of the block
///     total = loss.detach().MoveToOuterDisposeScope();
/// }
/// </code>
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly List<Tensor> owned = new();
    private bool disposed;

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>The scope this one is nested in, or null.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>The number of live tensors this scope still owns.</summary>
    public int Count => owned.Count(t => ReferenceEquals(t.OwnerScope, this) && !t.IsDisposed);

    /// <summary>Registers a new tensor with the current scope; false when there is none.</summary>
    internal static bool OnCreated(Tensor t)
    {
        var scope = current;
        if (scope is null) return false;
        t.OwnerScope = scope;
        scope.owned.Add(t);
        return true;
    }

    /// <summary>Hands the tensor to the enclosing scope (or to nobody, if this is the outermost one).</summary>
    public Tensor MoveToOuter(Tensor t)
    {
        Release(t);
        if (Outer is not null && !Outer.disposed)
        {
            t.OwnerScope = Outer;
            Outer.owned.Add(t);
        }
        else t.TrackMemoryPressure();
        return t;
    }

    /// <summary>Makes this scope own tensors created elsewhere (a data loader's batch, say), taking them from any other scope.</summary>
    public void Include(params Tensor[] tensors)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        foreach (var t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t);
            if (ReferenceEquals(t.OwnerScope, this)) continue;
            t.OwnerScope = this;
            owned.Add(t);
        }
    }

    /// <summary>Takes the tensor out of this scope: its lifetime is then the caller's.</summary>
    public Tensor Detach(Tensor t)
    {
        Release(t);
        t.TrackMemoryPressure();
        return t;
    }

    private void Release(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!ReferenceEquals(t.OwnerScope, this))
            throw new InvalidOperationException("the tensor does not belong to this DisposeScope");
        t.OwnerScope = null;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in owned)
        {
            if (!ReferenceEquals(t.OwnerScope, this)) continue;
            t.OwnerScope = null;
            t.Dispose();
        }
        owned.Clear();
        if (ReferenceEquals(current, this)) current = Outer;
        else
        {
            // Disposed out of order: unwind to the first open ancestor.
            var s = current;
            while (s is not null && s.disposed) s = s.Outer;
            current = s;
        }
    }
}

public sealed partial class Tensor
{
    /// <summary>Moves this tensor to the scope enclosing the one that owns it.</summary>
    public Tensor MoveToOuterDisposeScope() => OwnerScope is { } s ? s.MoveToOuter(this) : this;

    /// <summary>Removes this tensor from its scope; the caller disposes it.</summary>
    public Tensor DetachFromDisposeScope() => OwnerScope is { } s ? s.Detach(this) : this;
}
