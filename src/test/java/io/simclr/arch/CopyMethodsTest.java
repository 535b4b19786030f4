package io.simclr.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simclr.augment.AugmentConfig;
import io.simclr.config.FinetuneRecipe;
import io.simclr.config.Recipe;
import io.simclr.config.RunOptions;
import io.simclr.config.Schedule;
import io.simclr.model.ModelConfig;
import io.simclr.optim.OptimizerConfig;
import io.simclr.util.ImageShape;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code withX(v)} copy of the configuration records changes component x to v and leaves every
 * other component as it was. The copies restate all fields by position, so two fields of one type
 * swapped in one of them would still compile; this catches it.
 */
class CopyMethodsTest {
  private static final ImageShape SHAPE = new ImageShape(28, 28, 1);

  private static List<Record> configurations() {
    ModelConfig model = ModelConfig.defaults(SHAPE);
    return List.of(
        Recipe.defaults(Path.of("/data/fm"), SHAPE),
        FinetuneRecipe.defaults(Path.of("/data/fm"), "/runs/a", model),
        RunOptions.defaults(),
        AugmentConfig.defaults(28),
        model,
        OptimizerConfig.defaults(),
        Recipe.defaults(Path.of("/data/fm"), SHAPE).scheduleSettings());
  }

  @Test
  void eachCopyChangesOnlyItsComponent() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Record r : configurations()) {
      Class<?> type = r.getClass();
      for (RecordComponent c : type.getRecordComponents()) {
        String name = "with" + Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1);
        Method with;
        try {
          with = type.getMethod(name, c.getType());
        } catch (NoSuchMethodException e) {
          continue; // a component without a copy method
        }
        Object before = c.getAccessor().invoke(r);
        Object value = different(c.getType(), before);
        assertNotEquals(before, value, type.getSimpleName() + "." + c.getName());
        Record copy = (Record) with.invoke(r, value);
        for (RecordComponent other : type.getRecordComponents()) {
          Object expected = other.getName().equals(c.getName()) ? value : other.getAccessor().invoke(r);
          assertEquals(expected, other.getAccessor().invoke(copy),
              type.getSimpleName() + "." + name + " left " + other.getName() + " wrong");
        }
        checked.add(type.getSimpleName() + "." + name);
      }
    }
    // every with-method that names a component is covered (72 copy methods, minus derived ones)
    long declared = configurations().stream().flatMap(r -> List.of(r.getClass().getDeclaredMethods()).stream())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("with") && m.getParameterCount() == 1)
        .filter(m -> !m.getName().equals("withScheduleSettings")) // several components at once: tested below
        .count();
    assertEquals(declared, checked.size(), "copies without a test: " + checked);
    assertTrue(checked.size() >= 60, checked.toString());
  }

  @Test
  void scheduleSettingsCarryExactlyTheSixScheduleFields() throws Exception {
    Recipe r = Recipe.defaults(Path.of("/data/fm"), SHAPE);
    FinetuneRecipe f = FinetuneRecipe.defaults(Path.of("/data/fm"), "/runs/a", ModelConfig.defaults(SHAPE));
    Schedule other = new Schedule(17, 3, 40, 0.7, io.simclr.optim.LrScaling.NONE, 0.5);
    assertEquals(r, r.withScheduleSettings(r.scheduleSettings()));
    assertEquals(f, f.withScheduleSettings(f.scheduleSettings()));
    assertEquals(other, r.withScheduleSettings(other).scheduleSettings());
    assertEquals(other, f.withScheduleSettings(other).scheduleSettings());
    assertEquals(r.withBatchSize(17).withEpochs(3).withSteps(40).withLearningRate(0.7)
        .withLrScaling(io.simclr.optim.LrScaling.NONE).withWarmupEpochs(0.5), r.withScheduleSettings(other));
    assertEquals(f.withBatchSize(17).withEpochs(3).withSteps(40).withLearningRate(0.7)
        .withLrScaling(io.simclr.optim.LrScaling.NONE).withWarmupEpochs(0.5), f.withScheduleSettings(other));
  }

  /** A value of {@code type} other than {@code v}. */
  private static Object different(Class<?> type, Object v) throws Exception {
    if (type == int.class || type == Integer.class) return (Integer) v + 3;
    if (type == long.class || type == Long.class) return (Long) v + 3;
    if (type == double.class || type == Double.class) {
      double d = (Double) v;
      return Double.isFinite(d) ? d + 0.375 : 1.5;
    }
    if (type == float.class) return (Float) v + 0.375f;
    if (type == boolean.class || type == Boolean.class) return !(Boolean) v;
    if (type == String.class) return v == null ? "other" : v + "-other";
    if (type.isEnum()) {
      Object[] all = type.getEnumConstants();
      for (Object e : all) if (e != v) return e;
    }
    if (type.isRecord()) {
      if (v == null) {
        return anyInstance(type);
      }
      RecordComponent[] cs = type.getRecordComponents();
      Object[] args = new Object[cs.length];
      for (int i = 0; i < cs.length; i++) args[i] = cs[i].getAccessor().invoke(v);
      for (int i = 0; i < cs.length; i++) {
        if (cs[i].getType().isPrimitive()) {
          args[i] = different(cs[i].getType(), args[i]);
          return canonical(type).newInstance(args);
        }
      }
    }
    throw new AssertionError("no different value for " + type + " (add a case)");
  }

  private static Object anyInstance(Class<?> type) throws Exception {
    if (type == io.simclr.config.Workers.class) {
      return new io.simclr.config.Workers(List.of("localhost:1", "localhost:2"), 1, 30);
    }
    throw new AssertionError("no instance of " + type + " (add a case)");
  }

  private static Constructor<?> canonical(Class<?> type) throws Exception {
    Class<?>[] types = List.of(type.getRecordComponents()).stream().map(RecordComponent::getType).toArray(Class<?>[]::new);
    return type.getDeclaredConstructor(types);
  }
}
