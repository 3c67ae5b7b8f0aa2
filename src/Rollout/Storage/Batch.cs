using System.Globalization;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rollout.Storage;

/// <summary>A JSON document as a statement's parameter: text in SQLite, <c>jsonb</c> in PostgreSQL.</summary>
public sealed record JsonText(string Json)
{
    /// <summary>The document <paramref name="write"/> writes.</summary>
    public static JsonText Of(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return new JsonText(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }
}

/// <summary>
/// What one write sees inside a group commit (or any transaction): the database context and its transaction.
/// <see cref="Execute"/>, <see cref="Scalar"/> and <see cref="Rows"/> run at once; <see cref="Later"/> statements run
/// together at the end of the batch, joined where they can be (<see cref="LaterAdd"/>, multi-row inserts); guessed
/// statements (<see cref="Expect"/>) run with them and are checked there. Entities a write adds to <see cref="Db"/>
/// are saved just before the commit. A write adds entities only once it knows it succeeds; if it may fail after a
/// statement that changed rows, it takes a <see cref="Savepoint"/> first, and what it changed in the writer's memory
/// it registers with <see cref="Undo"/>. Inside a group commit each statement is prepared once per batch and reused
/// by every write (SQLite would otherwise parse it again for each).
/// </summary>
public sealed class Batch(RolloutDb db) : IDisposable
{
    private static long batches;
    private readonly bool sqlite = db.Database.IsSqlite();
    private readonly List<Statement> later = [];
    private readonly List<Action> undo = [];
    private readonly List<Action> keptUndo = [];
    private Dictionary<string, DbCommand>? prepared;
    private int kept;

    private DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    public RolloutDb Db => db;

    /// <summary>Whether the database is SQLite (some values are written differently there, as EF Core writes them).</summary>
    public bool IsSqlite => sqlite;

    /// <summary>Tells this batch from every other of the process.</summary>
    public long Number { get; } = Interlocked.Increment(ref batches);

    /// <summary>Whether the write running now asked for a savepoint (its statements are undone if it fails).</summary>
    internal bool SavepointTaken { get; set; }

    /// <summary>Whether a write of this batch gave units back (a hold released or expired).</summary>
    public bool UnitsGivenBack { get; set; }

    /// <summary>
    /// Whether <see cref="Expect"/> defers its statements and assumes their outcome (a group commit's first pass); a
    /// wrong guess fails the batch at <see cref="Flush"/> and the group commit runs it again without guessing.
    /// </summary>
    public bool Speculating { get; internal set; }

    /// <summary>
    /// Whether statements block the calling thread instead of awaiting (the group commit's own thread): its round trips
    /// then never wait in the thread pool's queue behind the requests it is serving.
    /// </summary>
    internal bool Blocking { get; set; }

    /// <summary>
    /// A batch that keeps its statements prepared in <paramref name="statements"/>, which outlives it (the group commit's
    /// writer keeps its connection and statements from one batch to the next).
    /// </summary>
    internal static Batch Reusing(RolloutDb db, Dictionary<string, DbCommand> statements) => new(db) { prepared = statements };

    /// <summary>Runs a statement whose parameters are <c>@p0</c>, <c>@p1</c>...; returns the rows it changed.</summary>
    public async Task<int> Execute(string sql, params object?[] values)
    {
        var command = await Command(sql, values);
        try
        {
            return Blocking ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await Done(command);
        }
    }

    /// <summary>Runs a query and returns the first column of its first row (null when none).</summary>
    public async Task<object?> Scalar(string sql, params object?[] values)
    {
        var command = await Command(sql, values);
        try
        {
            var value = Blocking ? command.ExecuteScalar() : await command.ExecuteScalarAsync();
            return value is DBNull ? null : value;
        }
        finally
        {
            await Done(command);
        }
    }

    /// <summary>Runs a query and reads each row with <paramref name="read"/>.</summary>
    public async Task<List<T>> Rows<T>(string sql, Func<DbDataReader, T> read, params object?[] values)
    {
        var command = await Command(sql, values);
        try
        {
            await using var reader = Blocking ? command.ExecuteReader() : await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (Blocking ? reader.Read() : await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            await Done(command);
        }
    }

    /// <summary>
    /// A statement whose outcome nobody waits for (an insert of a row no one else writes): in a group commit it runs
    /// with the batch's others just before the commit, in one round trip where the database allows it, and not at all
    /// if its write fails; elsewhere it runs now.
    /// </summary>
    public Task Later(string sql, params object?[] values)
    {
        if (prepared is null)
        {
            return Execute(sql, values);
        }

        later.Add(new Statement(sql, values, null, null));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A conditional statement the write is confident changes <paramref name="rows"/> rows (a hold the cart knows is
    /// live turned into a sale, say). In a group commit's first pass it runs with the later statements, one round trip
    /// for all, and returns <paramref name="rows"/> at once; if it then changes any other number of rows, the whole
    /// batch is rolled back and run again with every such statement run on the spot. Elsewhere it runs now. Use it only
    /// where a wrong guess is rare: each costs a batch run twice.
    /// </summary>
    public async Task<int> Expect(int rows, string sql, params object?[] values)
    {
        if (!Speculating)
        {
            return await Execute(sql, values);
        }

        later.Add(new Statement(sql, values, rows, null));
        return rows;
    }

    /// <summary>
    /// A later statement that adds the amount in parameter <paramref name="amount"/> to counters of one row (units
    /// taken, held, sold). The batch's statements that differ in nothing but that amount run as one, adding the sum:
    /// PostgreSQL keeps a new version of a row for every update in a transaction, and a hot row updated a hundred
    /// times in one batch makes each update slower than the last. Amounts are only ever added, so the sum passes the
    /// statement's conditions exactly when each of its parts, in any order, would have. When <paramref name="guessed"/>
    /// the statement is a guess (see <see cref="Expect"/>) that the summed statement changes one row; otherwise it is
    /// simply run later (<see cref="Later"/>).
    /// </summary>
    public async Task<int> LaterAdd(int amount, bool guessed, string sql, params object?[] values)
    {
        if (prepared is null || (guessed && !Speculating))
        {
            return await Execute(sql, values);
        }

        later.Add(new Statement(sql, values, guessed ? 1 : null, amount));
        return 1;
    }

    /// <summary>Marks the point this write's statements are undone to if it fails; once per write.</summary>
    public async Task Savepoint()
    {
        if (!SavepointTaken)
        {
            if (Blocking)
            {
                db.Database.CurrentTransaction!.CreateSavepoint("write");
            }
            else
            {
                await db.Database.CurrentTransaction!.CreateSavepointAsync("write");
            }

            SavepointTaken = true;
        }
    }

    /// <summary>
    /// Something the running write changed in memory (a count the writer keeps), undone if the write fails, or if its
    /// batch is not committed (a pass that guessed wrong, a batch that throws), so what the writer knows always matches
    /// what the database will hold.
    /// </summary>
    public void Undo(Action action) => undo.Add(action);

    /// <summary>A write begins: nothing of it is taken yet.</summary>
    internal void Begin()
    {
        SavepointTaken = false;
        undo.Clear();
    }

    /// <summary>The write ended: its later statements are kept if it succeeded, dropped if not.</summary>
    internal void End(bool succeeded)
    {
        if (succeeded)
        {
            kept = later.Count;
            keptUndo.AddRange(undo);
        }
        else
        {
            later.RemoveRange(kept, later.Count - kept);
            for (var i = undo.Count - 1; i >= 0; i--)
            {
                undo[i]();
            }
        }

        undo.Clear();
    }

    /// <summary>The batch will not be committed: what its writes changed in memory is undone, last first.</summary>
    internal void Abandon()
    {
        // The write that was running when the batch failed (it threw before it ended) first, then the kept ones.
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            undo[i]();
        }

        undo.Clear();
        for (var i = keptUndo.Count - 1; i >= 0; i--)
        {
            keptUndo[i]();
        }

        keptUndo.Clear();
    }

    /// <summary>Runs the kept later statements, in one round trip where the provider can batch them.</summary>
    internal async Task Flush()
    {
        Merge();
        var connection = db.Database.GetDbConnection();
        if (later.Count > 1 && connection.CanCreateBatch)
        {
            await using var statements = connection.CreateBatch();
            statements.Transaction = Transaction;
            foreach (var (sql, values, _, _) in later)
            {
                var statement = statements.CreateBatchCommand();
                statement.CommandText = sql;
                for (var i = 0; i < values.Length; i++)
                {
                    var parameter = statement.CreateParameter();
                    parameter.ParameterName = $"@p{i}";
                    Bind(parameter, values[i]);
                    statement.Parameters.Add(parameter);
                }

                statements.BatchCommands.Add(statement);
            }

            try
            {
                if (Blocking)
                {
                    statements.ExecuteNonQuery();
                }
                else
                {
                    await statements.ExecuteNonQueryAsync();
                }
            }
            catch (DbException e) when (Speculating && later.Exists(l => l.Expected is not null))
            {
                // A statement that follows a wrong guess (units moved out of a hold that had already ended) may break a
                // rule of the database before the guess is checked: run the batch again without guessing, as for any miss.
                throw new GuessMissedException(e.Message, e);
            }

            for (var i = 0; i < later.Count; i++)
            {
                if (later[i].Expected is { } expected && statements.BatchCommands[i].RecordsAffected != expected)
                {
                    throw new GuessMissedException(later[i].Sql);
                }
            }
        }
        else
        {
            foreach (var (sql, values, expected, _) in later)
            {
                int rows;
                try
                {
                    rows = await Execute(sql, values);
                }
                catch (DbException e) when (Speculating && later.Exists(l => l.Expected is not null))
                {
                    throw new GuessMissedException(e.Message, e); // As above: a rule broken after a wrong guess.
                }

                if (expected is not null && rows != expected)
                {
                    throw new GuessMissedException(sql);
                }
            }
        }

        later.Clear();
        kept = 0;
    }

    /// <summary>
    /// Joins what can be joined, where the first part stood: the amounts of statements that add to the same row in the
    /// same way (see <see cref="LaterAdd"/>), and the rows of the same plain insert (a multi-row insert costs the
    /// database little more than one row). Inserts only move earlier, so whatever followed a row still follows it.
    /// </summary>
    private void Merge()
    {
        var statements = new List<(Statement Statement, int Rows)>(later.Count);
        var added = new Dictionary<Statement, int>(SameButAmount.Instance);
        var inserts = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<List<object?[]>>();
        foreach (var statement in later)
        {
            if (statement.Amount is { } amount)
            {
                if (added.TryGetValue(statement, out var at))
                {
                    var (sum, _) = statements[at];
                    var values = (object?[])sum.Values.Clone();
                    values[amount] = Convert.ToInt32(values[amount], CultureInfo.InvariantCulture) + Convert.ToInt32(statement.Values[amount], CultureInfo.InvariantCulture);
                    statements[at] = (sum with { Values = values }, -1);
                    continue;
                }

                added[statement] = statements.Count;
                statements.Add((statement, -1));
            }
            else if (statement.Expected is null && InsertRows.CanJoin(statement.Sql))
            {
                if (inserts.TryGetValue(statement.Sql, out var group))
                {
                    rows[group].Add(statement.Values);
                    continue;
                }

                inserts[statement.Sql] = rows.Count;
                statements.Add((statement, rows.Count));
                rows.Add([statement.Values]);
            }
            else
            {
                statements.Add((statement, -1));
            }
        }

        later.Clear();
        foreach (var (statement, group) in statements)
        {
            if (group < 0)
            {
                later.Add(statement);
            }
            else
            {
                later.AddRange(InsertRows.Join(statement.Sql, rows[group]));
            }
        }
    }

    public void Dispose() => prepared = null; // The statements belong to whoever lent them.

    private async Task<DbCommand> Command(string sql, object?[] values)
    {
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(); // Outside a transaction EF opens it only for its own statements (never in a group commit).
        }

        if (prepared?.GetValueOrDefault(sql) is not { } command)
        {
            command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                command.Parameters.Add(parameter);
            }

            prepared?.Add(sql, command);
        }

        command.Transaction = Transaction;
        for (var i = 0; i < values.Length; i++)
        {
            Bind(command.Parameters[i], values[i]);
        }

        return command;
    }

    private void Bind(DbParameter parameter, object? value)
    {
        if (value is JsonText && parameter is Npgsql.NpgsqlParameter postgres)
        {
            postgres.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
        }

        parameter.Value = value switch
        {
            null => DBNull.Value,
            Instant instant => instant.ToDateTimeUtc(),
            Guid id when sqlite => id.ToString().ToUpperInvariant(), // how EF Core stores a Guid in SQLite
            JsonText json => json.Json,
            _ => value,
        };
    }

    private async ValueTask Done(DbCommand command)
    {
        if (prepared is null)
        {
            await command.DisposeAsync();
        }
    }
}

/// <summary>
/// A guessed statement (<see cref="Batch.Expect"/>, <see cref="Batch.LaterAdd"/>) did not change the rows it was expected
/// to, or a rule of the database broke after one: the batch is run again without guessing.
/// </summary>
internal sealed class GuessMissedException(string what, Exception? inner = null) : Exception($"A guessed statement did not do what was expected: {what}", inner);

/// <summary>A statement run at the end of a batch: how many rows it must change, if a guess; which parameter is an added amount, if any.</summary>
internal sealed record Statement(string Sql, object?[] Values, int? Expected, int? Amount);

/// <summary>
/// Rows of the same plain <c>INSERT ... VALUES (...)</c> as multi-row inserts, in chunks of a few fixed sizes so that
/// the database sees (and prepares) only a few statements per table.
/// </summary>
internal static partial class InsertRows
{
    private static readonly int[] Chunks = [64, 16, 4, 1];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Sql, int Rows, int Width), string> Joined = new();

    /// <summary>A plain insert of one row (no conflict clause, nothing returned).</summary>
    public static bool CanJoin(string sql) =>
        sql.StartsWith("INSERT INTO ", StringComparison.Ordinal) && !sql.Contains("ON CONFLICT", StringComparison.Ordinal)
        && !sql.Contains("RETURNING", StringComparison.Ordinal) && sql.EndsWith(')');

    public static IEnumerable<Statement> Join(string sql, List<object?[]> rows)
    {
        var next = 0;
        foreach (var size in Chunks)
        {
            for (; rows.Count - next >= size; next += size)
            {
                if (size == 1)
                {
                    yield return new Statement(sql, rows[next], null, null);
                    continue;
                }

                var width = rows[next].Length;
                var values = new object?[width * size];
                for (var r = 0; r < size; r++)
                {
                    rows[next + r].CopyTo(values, r * width);
                }

                yield return new Statement(Joined.GetOrAdd((sql, size, width), Write), values, null, null);
            }
        }
    }

    /// <summary>The insert with <c>Rows</c> value lists, the parameters of row r numbered from r × <c>Width</c>.</summary>
    private static string Write((string Sql, int Rows, int Width) key)
    {
        var at = key.Sql.LastIndexOf("VALUES", StringComparison.Ordinal) + "VALUES".Length;
        var row = key.Sql[at..].Trim();
        var joined = new System.Text.StringBuilder(key.Sql[..at]).Append(' ');
        for (var r = 0; r < key.Rows; r++)
        {
            var offset = r * key.Width;
            joined.Append(r == 0 ? "" : ", ").Append(Parameter().Replace(row, m => $"@p{offset + int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)}"));
        }

        return joined.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"@p(\d+)")]
    private static partial System.Text.RegularExpressions.Regex Parameter();
}

/// <summary>Statements that add amounts to the same row the same way: equal in everything but the amount.</summary>
internal sealed class SameButAmount : IEqualityComparer<Statement>
{
    public static readonly SameButAmount Instance = new();

    public bool Equals(Statement? x, Statement? y)
    {
        if (x is null || y is null || x.Sql != y.Sql || x.Expected != y.Expected || x.Amount != y.Amount || x.Values.Length != y.Values.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Values.Length; i++)
        {
            if (i != x.Amount && !Equals(x.Values[i], y.Values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(Statement statement)
    {
        var hash = new HashCode();
        hash.Add(statement.Sql);
        for (var i = 0; i < statement.Values.Length; i++)
        {
            hash.Add(i == statement.Amount ? null : statement.Values[i]);
        }

        return hash.ToHashCode();
    }
}
