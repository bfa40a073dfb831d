namespace KerasBridge;

/// <summary>How an installed component compares with what the lesson needs.</summary>
public enum CheckStatus
{
    /// <summary>Installed, at least the version the lesson was written against.</summary>
    Ok,

    /// <summary>Installed and new enough to work, but older than the version the lesson was written against.</summary>
    OlderThanLesson,

    /// <summary>Installed, but older than the minimum the lesson needs.</summary>
    TooOld,

    /// <summary>Not installed (does not import; for Python: no interpreter found).</summary>
    Missing,

    /// <summary>Installed but cannot be used (e.g. a Python without a shared libpython, or one too new to embed).</summary>
    Unusable,
}
