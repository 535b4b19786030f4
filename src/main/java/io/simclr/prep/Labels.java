package io.simclr.prep;

/** Where a folder's labels come from. */
public enum Labels {
  /** Class folders when the folder holds only sub-folders that hold images directly; else none. */
  AUTO("auto"),
  /** {@code root/<class>/...}: every image below a class folder has that class. */
  FOLDERS("folders"),
  /** No labels: every image below the folder, at any depth. */
  NONE("none");

  private final String label;

  Labels(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
