namespace Quanta.Core;

public static partial class OpSchemas
{
    static partial void AddElementwise(List<IOpSchema> list)
    {
        list.Add(new BroadcastSchema("Add"));
        list.Add(new UnarySchema("Relu"));
    }
}
