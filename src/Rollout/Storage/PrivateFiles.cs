namespace Rollout.Storage;

/// <summary>
/// The data folder holds what no other account on the machine should read: the SQLite database (password hashes,
/// customers' addresses), the keys that sign sessions and tokens, the card provider's webhook secret, e-mails in the
/// pickup folder. On Unix its folders are made owner-only (0700) and its files owner read-write (0600), whatever the
/// process's umask; folders and files Rollout finds already there are narrowed to the same. Windows keeps its ACLs.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Makes the folder (and any missing parent) owner-only, or narrows an existing one.</summary>
    public static string Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        if (Directory.Exists(path))
        {
            Narrow(path, FolderMode);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
        }

        return path;
    }

    /// <summary>Narrows a file to its owner when it exists; nothing when it does not.</summary>
    public static void Narrow(string file)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(file))
        {
            Narrow(file, FileMode);
        }
    }

    /// <summary>Options to create a new file readable by its owner only (it must not exist yet).</summary>
    public static FileStreamOptions NewFile()
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>Creates an empty owner-only file unless it exists (then narrows it): SQLite then gives its journal the same mode.</summary>
    public static void EmptyFile(string file)
    {
        try
        {
            using var _ = new FileStream(file, NewFile());
        }
        catch (IOException) when (File.Exists(file))
        {
            Narrow(file);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Narrow(string path, UnixFileMode mode)
    {
        try
        {
            if ((File.GetUnixFileMode(path) & ~mode) != 0)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Another account's folder (a mount point, say) that this one may use but not change: leave it as it is.
        }
    }
}
