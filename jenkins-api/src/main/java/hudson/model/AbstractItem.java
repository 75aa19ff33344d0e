package hudson.model;

public abstract class AbstractItem implements Item {
    protected AbstractItem(ItemGroup parent, String name) {}

    @Override
    public final String getFullName() {
        throw new UnsupportedOperationException();
    }

    @Override
    public final String getUrl() {
        throw new UnsupportedOperationException();
    }
}
