package hudson.model;

import hudson.security.AccessControlled;

public interface Item extends AccessControlled {
    String getFullName();

    String getUrl();
}
