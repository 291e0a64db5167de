/**
 * The variable each statement of buildModel() / build_model() assigns, decided once: the emitters
 * write these names, and reading code back (applyTypeScript, codeMap) matches statements to the
 * graph's nodes by the same names.
 */
import { pythonCustomClass } from './customLayerSources.ts';
import { IdentifierScope } from './identifiers.ts';
import type { GroupPlan, Unit } from './groupsPlan.ts';
import type { Plan } from './plan.ts';

export interface NamedUnit {
  unit: Unit;
  /** The identifier the statement assigns. */
  variable: string;
  /** The graph nodes the statement builds: one layer, or every layer of a block instance. */
  nodeIds: string[];
  /** The node whose output the variable holds. */
  outputId: string;
}

/** The units of `groups` in written order, each with its variable in `language`. */
export function namedUnits(plan: Plan, groups: GroupPlan, language: 'ts' | 'py'): NamedUnit[] {
  const reserved =
    language === 'ts'
      ? ['autoName', 'autoNameCounts', 'EXPLICIT_NAMES', ...groups.helpers.map((h) => h.tsName), ...plan.customClasses]
      : ['auto_name', '_auto_name_counts', '_EXPLICIT_NAMES', ...groups.helpers.map((h) => h.pyName), ...plan.customClasses.filter((c) => pythonCustomClass(c))];
  const scope = new IdentifierScope(language, reserved);
  return groups.units.map((unit) => {
    if (unit.type === 'call') return { unit, variable: scope.take(unit.call.label), nodeIds: unit.call.members, outputId: unit.call.output };
    return { unit, variable: scope.take(plan.byId.get(unit.id)!.name), nodeIds: [unit.id], outputId: unit.id };
  });
}
