using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.Json;

namespace Rollout.Storage;

/// <summary>
/// An entity's table as the EF Core model maps it, for the statements modules that write the hot tables without the
/// change tracker (<c>Inventory/AllocationRows</c>, <c>Orders/OrderRows</c>...): the table's and columns' names, quoted,
/// and each column's value read from an entity as EF Core writes it: converted by the property's value converter, and
/// a JSON column written by EF Core's own JSON writers of that database (SQLite keeps decimals and instants as text,
/// PostgreSQL as numbers and ISO 8601). A column added to the mapping is therefore written by every insert, and a
/// renamed one by every statement, without anyone editing SQL; a statement naming a property the model does not map
/// fails when the module is first built.
/// </summary>
/// <remarks>One per model (SQLite's and PostgreSQL's differ in their JSON writers), built on first use and kept.</remarks>
public sealed class MappedTable<T>
    where T : class
{
    private static readonly ConcurrentDictionary<IModel, MappedTable<T>> ByModel = new();

    private readonly Dictionary<string, Column> byProperty;
    private readonly ConcurrentDictionary<string, string> statements = new();

    private MappedTable(IModel model)
    {
        Model = model;
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        Table = Quote(entity.GetTableName()!);
        RefuseWhatCannotBeWritten(entity);
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            var read = Getter(property.PropertyInfo, property.FieldInfo);
            var convert = property.GetTypeMapping().Converter?.ConvertToProvider; // The converter EF Core writes with (HasConversion<string>() sets none of its own).
            columns.Add(new Column(property.Name, Quote(property.GetColumnName()), convert is null ? read : e => convert(read(e))));
        }

        foreach (var navigation in entity.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()))
        {
            var read = Getter(navigation.PropertyInfo, navigation.FieldInfo);
            var json = Json.Of(navigation.TargetEntityType.GetProperties().Where(p => !p.IsShadowProperty() && !p.IsKey()));
            columns.Add(new Column(navigation.Name, Quote(navigation.TargetEntityType.GetContainerColumnName()!), e => Json.Document(read(e), navigation.IsCollection, json)));
        }

        foreach (var complex in entity.GetComplexProperties().Where(c => c.ComplexType.IsMappedToJson()))
        {
            var read = Getter(complex.PropertyInfo, complex.FieldInfo);
            var json = Json.Of(complex.ComplexType.GetProperties());
            columns.Add(new Column(complex.Name, Quote(complex.ComplexType.GetContainerColumnName()!), e => Json.Document(read(e), complex.IsCollection, json)));
        }

        Columns = columns;
        byProperty = columns.ToDictionary(c => c.Property);
        Insert = $"INSERT INTO {Table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
    }

    /// <summary>The model the table is read from.</summary>
    public IModel Model { get; }

    /// <summary>The table's name, quoted.</summary>
    public string Table { get; }

    /// <summary>Every column the model maps, in the model's order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>An insert of every column, <c>@p0</c>... in the order of <see cref="Columns"/> (see <see cref="Values"/>).</summary>
    public string Insert { get; }

    public static MappedTable<T> Of(IModel model) => ByModel.GetOrAdd(model, m => new MappedTable<T>(m));

    public static MappedTable<T> Of(Batch batch) => Of(batch.Db.Model);

    /// <summary>The quoted column of a property (or a JSON-mapped navigation); throws when the model maps no such property.</summary>
    public string this[string property] => Of(property).Name;

    /// <summary>The column of a property (or a JSON-mapped navigation).</summary>
    public Column Of(string property) =>
        byProperty.TryGetValue(property, out var column) ? column : throw new InvalidOperationException($"{typeof(T).Name}.{property} is not a mapped column.");

    /// <summary>
    /// An insert naming each property's column, <c>@p0</c>... in the order given; it must name every column the model
    /// maps (else it throws when built), so a column added to the mapping cannot be left out silently.
    /// </summary>
    public string InsertOf(IReadOnlyList<string> properties)
    {
        if (Columns.Select(c => c.Property).Except(properties).ToList() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException($"An insert into {Table} leaves out {string.Join(", ", missing)}, which the model maps.");
        }

        return $"INSERT INTO {Table} ({string.Join(", ", properties.Select(p => this[p]))}) VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})";
    }

    /// <summary>The values of every column of <paramref name="entity"/>, in the order of <see cref="Insert"/>.</summary>
    public object?[] Values(T entity)
    {
        var values = new object?[Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Columns[i].Read(entity);
        }

        return values;
    }

    /// <summary>
    /// A statement of this table built once by <paramref name="build"/> and kept under <paramref name="name"/> (a
    /// module's statements are built from the model on first use, then only looked up).
    /// </summary>
    public string Sql(string name, Func<MappedTable<T>, string> build) =>
        statements.GetOrAdd(name, static (_, made) => made.Build(made.Table), (Build: build, Table: this)); // No closure per call: this is every hot write's path.

    /// <summary>
    /// A statement built once by <paramref name="build"/> for the database <paramref name="sqlite"/> names (where the
    /// dialects differ, such as the database's clock); the model, and so this cache, is one database's.
    /// </summary>
    public string Sql(string name, bool sqlite, Func<MappedTable<T>, bool, string> build) =>
        statements.GetOrAdd(name, static (_, made) => made.Build(made.Table, made.Sqlite), (Build: build, Table: this, Sqlite: sqlite));

    /// <summary>
    /// An update of <paramref name="properties"/>' columns (<c>@p1</c>... in their order) of the row whose key is
    /// <c>@p0</c>, with an optional condition on more parameters after them.
    /// </summary>
    public string Update(string key, IReadOnlyList<string> properties, string? condition = null) =>
        $"UPDATE {Table} SET {string.Join(", ", properties.Select((p, i) => $"{this[p]} = @p{i + 1}"))} WHERE {this[key]} = @p0{(condition is null ? "" : $" AND {condition}")}";

    private static string Quote(string name) => $"\"{name}\"";

    /// <summary>
    /// What this writer cannot fill is refused when built, never left out of a row: columns without a CLR member (shadow
    /// properties), owned types split into the table, complex types stored as columns.
    /// </summary>
    private static void RefuseWhatCannotBeWritten(IEntityType entity)
    {
        var unwritable = entity.GetProperties().Where(p => p.IsShadowProperty()).Select(p => p.Name)
            .Concat(entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.TargetEntityType.IsMappedToJson()).Select(n => n.Name))
            .Concat(entity.GetComplexProperties().Where(c => !c.ComplexType.IsMappedToJson()).Select(c => c.Name))
            .ToList();
        if (unwritable.Count > 0)
        {
            throw new NotSupportedException($"{typeof(T).Name} maps columns this writer cannot fill ({string.Join(", ", unwritable)}); write it through EF Core.");
        }
    }

    private static Func<object, object?> Getter(PropertyInfo? property, FieldInfo? field)
    {
        var instance = Expression.Parameter(typeof(object));
        var typed = Expression.Convert(instance, (property?.DeclaringType ?? field?.DeclaringType)!);
        Expression member = property is not null ? Expression.Property(typed, property) : Expression.Field(typed, field!);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(member, typeof(object)), instance).Compile();
    }

    /// <summary>A mapped column: its quoted name and how its value is read from an entity, as EF Core would write it.</summary>
    public sealed record Column(string Property, string Name, Func<object, object?> Read);

    /// <summary>A property of a JSON document: its name, how it is read, and EF Core's JSON writer of its values.</summary>
    private sealed record JsonProperty(string Name, Func<object, object?> Read, JsonValueReaderWriter Writer);

    /// <summary>JSON documents of owned or complex types, written property by property by EF Core's JSON writers.</summary>
    private static class Json
    {
        public static JsonProperty[] Of(IEnumerable<IProperty> properties) =>
            properties.Select(p =>
                {
                    var mapping = p.GetTypeMapping();
                    var json = p.GetJsonValueReaderWriter() ?? mapping.JsonValueReaderWriter
                        ?? throw new InvalidOperationException($"EF Core has no JSON writer for {p.DeclaringType.DisplayName()}.{p.Name}.");
                    var read = Getter(p.PropertyInfo, p.FieldInfo);

                    // A writer of the stored type (a converted property's) is given the converted value.
                    var convert = json.ValueType == (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) ? null : mapping.Converter?.ConvertToProvider;
                    return new JsonProperty(p.GetJsonPropertyName() ?? p.Name, convert is null ? read : e => convert(read(e)), json);
                })
                .ToArray();

        public static JsonText? Document(object? value, bool collection, JsonProperty[] properties)
        {
            if (value is null)
            {
                return null;
            }

            return JsonText.Of(writer =>
            {
                if (!collection)
                {
                    Write(writer, value, properties);
                    return;
                }

                writer.WriteStartArray();
                foreach (var element in (System.Collections.IEnumerable)value)
                {
                    Write(writer, element, properties);
                }

                writer.WriteEndArray();
            });
        }

        private static void Write(Utf8JsonWriter writer, object element, JsonProperty[] properties)
        {
            writer.WriteStartObject();
            foreach (var (name, read, json) in properties)
            {
                writer.WritePropertyName(name);
                if (read(element) is { } value)
                {
                    json.ToJson(writer, value);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }
    }
}
