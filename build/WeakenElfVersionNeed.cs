// Compiled at build time by MSBuild's RoslynCodeTaskFactory from TorchSharpGlibcxxFix.targets; it is not part
// of any project. It targets the netstandard surface that factory compiles against, so it avoids newer BCL APIs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks named symbol-version requirements of ELF shared objects as weak (VER_FLG_WEAK in the Vernaux
/// entry of .gnu.version_r), so the dynamic loader no longer refuses the file when the providing library
/// lacks that version. Only safe when no symbol bound to that version is actually relocated; see
/// docs/TORCHSHARP_ON_DEBIAN.md for why that holds for TorchSharp's shim.
/// </summary>
public class WeakenElfVersionNeed : Task
{
    // ELF constants (System V gABI and the GNU symbol-versioning extension).
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The ELF files to patch in place; files that are missing, not ELF or lack the requirement are left alone.</summary>
    [Required]
    public ITaskItem[] Files { get; set; }

    /// <summary>Version names to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string[] VersionNames { get; set; }

    public override bool Execute()
    {
        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                PatchFile(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogError("Cannot weaken ELF version requirements of '{0}': {1}", path, ex.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void PatchFile(string path)
    {
        if (!File.Exists(path))
        {
            Log.LogMessage(MessageImportance.Low, "{0}: not present, nothing to patch.", path);
            return;
        }

        byte[] bytes = File.ReadAllBytes(path);
        string problem;
        List<long> flagOffsets;
        try
        {
            flagOffsets = FindStrongRequirements(bytes, out problem);
        }
        catch (InvalidDataException ex)
        {
            flagOffsets = new List<long>();
            problem = ex.Message;
        }

        if (problem != null)
        {
            // A file we cannot parse is not ours to fix; loading will report its own error if it matters.
            Log.LogMessage(MessageImportance.Normal, "{0}: left unchanged ({1}).", path, problem);
            return;
        }

        if (flagOffsets.Count == 0)
        {
            Log.LogMessage(MessageImportance.Low, "{0}: no strong requirement on {1}; nothing to do.", path, string.Join(", ", VersionNames));
            return;
        }

        // Write a patched copy beside the file and rename it over the original: if the build copied the
        // file as a hard link into the NuGet cache, patching in place would silently edit the cache too.
        string temp = path + ".weaken-tmp";
        File.Copy(path, temp, true); // keeps the Unix permission bits
        using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
        {
            foreach (long offset in flagOffsets)
            {
                stream.Position = offset;
                stream.Write(bytes, (int)offset, 2);
            }
        }

        // Keep the original timestamp: the SDK's incremental copy compares size and time, so the patched file
        // then counts as up to date and is not overwritten by a fresh unpatched copy on every build.
        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
        File.Replace(temp, path, null);
        Log.LogMessage(MessageImportance.High, "Weakened {0} version requirement(s) on {1} in {2}.", flagOffsets.Count, string.Join(", ", VersionNames), path);
    }

    /// <summary>
    /// Sets the weak flag in <paramref name="bytes"/> for every strong Vernaux entry whose name is listed, and
    /// returns the file offsets of the changed vna_flags fields. <paramref name="problem"/> is non-null when the
    /// file is not an ELF file this task understands.
    /// </summary>
    private List<long> FindStrongRequirements(byte[] bytes, out string problem)
    {
        var changed = new List<long>();
        problem = null;
        if (bytes.Length < 52 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            problem = "not an ELF file";
            return changed;
        }

        bool is64 = bytes[4] == 2;
        bool bigEndian = bytes[5] == 2;
        if ((bytes[4] != 1 && !is64) || (bytes[5] != 1 && !bigEndian))
        {
            problem = "unknown ELF class or data encoding";
            return changed;
        }

        var r = new ElfReader(bytes, bigEndian);
        long shoff = is64 ? (long)r.U64(40) : r.U32(32);
        int shentsize = r.U16(is64 ? 58 : 46);
        long shnum = r.U16(is64 ? 60 : 48);
        if (shoff == 0)
        {
            problem = "no section header table";
            return changed;
        }

        if (shnum == 0)
        {
            // Extended numbering: the real count lives in section 0's sh_size.
            shnum = is64 ? (long)r.U64(shoff + 32) : r.U32(shoff + 20);
        }

        for (long i = 0; i < shnum; i++)
        {
            long sh = shoff + i * shentsize;
            if (r.U32(sh + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long needOffset = is64 ? (long)r.U64(sh + 24) : r.U32(sh + 16);
            uint link = r.U32(sh + (is64 ? 40 : 24));
            uint needCount = r.U32(sh + (is64 ? 44 : 28));
            long strSection = shoff + link * shentsize;
            long strOffset = is64 ? (long)r.U64(strSection + 24) : r.U32(strSection + 16);

            // Elf32_Verneed/Vernaux and Elf64_Verneed/Vernaux share one layout: 16-byte records, relative links.
            long need = needOffset;
            for (uint n = 0; n < needCount; n++)
            {
                long aux = need + r.U32(need + 8);
                int auxCount = r.U16(need + 2);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = r.CString(strOffset + r.U32(aux + 8));
                    long flagsAt = aux + 4;
                    ushort flags = r.U16(flagsAt);
                    if (Array.IndexOf(VersionNames, name) >= 0 && (flags & VerFlgWeak) == 0)
                    {
                        r.SetU16(flagsAt, (ushort)(flags | VerFlgWeak));
                        changed.Add(flagsAt);
                    }

                    uint nextAux = r.U32(aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint nextNeed = r.U32(need + 12);
                if (nextNeed == 0)
                {
                    break;
                }

                need += nextNeed;
            }
        }

        return changed;
    }

    /// <summary>Bounds-checked reads of ELF fields in either byte order.</summary>
    private sealed class ElfReader
    {
        private readonly byte[] _bytes;
        private readonly bool _bigEndian;

        public ElfReader(byte[] bytes, bool bigEndian)
        {
            _bytes = bytes;
            _bigEndian = bigEndian;
        }

        public ushort U16(long at) => (ushort)Read(at, 2);

        public uint U32(long at) => (uint)Read(at, 4);

        public ulong U64(long at) => Read(at, 8);

        public void SetU16(long at, ushort value)
        {
            Check(at, 2);
            _bytes[at + (_bigEndian ? 1 : 0)] = (byte)value;
            _bytes[at + (_bigEndian ? 0 : 1)] = (byte)(value >> 8);
        }

        public string CString(long at)
        {
            Check(at, 1);
            long end = at;
            while (end < _bytes.Length && _bytes[end] != 0)
            {
                end++;
            }

            return Encoding.ASCII.GetString(_bytes, (int)at, (int)(end - at));
        }

        private ulong Read(long at, int size)
        {
            Check(at, size);
            ulong value = 0;
            for (int i = 0; i < size; i++)
            {
                int shift = _bigEndian ? (size - 1 - i) * 8 : i * 8;
                value |= (ulong)_bytes[at + i] << shift;
            }

            return value;
        }

        private void Check(long at, int size)
        {
            if (at < 0 || at + size > _bytes.Length)
            {
                throw new InvalidDataException("ELF structure points outside the file (offset " + at + ").");
            }
        }
    }
}
