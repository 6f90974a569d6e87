/** HR's talent settings and box names, read with the defaults beneath them. */
import type { DataSource } from 'typeorm';
import { TalentConfig } from '../entities';
import { applyBoxOverrides, type BoxDefinition, type BoxCode } from './boxes';
import { DEFAULT_TALENT_SETTINGS, normalizeLevelRule, validateTalentSettings, type TalentSettings } from './settings';
import { UserError } from '../wecom/errors';

export async function loadTalentConfig(ds: DataSource): Promise<{ settings: TalentSettings; boxes: BoxDefinition[] }> {
  const rows = new Map((await ds.getRepository(TalentConfig).find()).map((r) => [r.name, r.value]));
  const stored = (rows.get('settings') ?? {}) as Partial<TalentSettings>;
  const settings: TalentSettings = {
    ...DEFAULT_TALENT_SETTINGS,
    ...stored,
    performance: normalizeLevelRule(stored.performance, DEFAULT_TALENT_SETTINGS.performance),
    potential: normalizeLevelRule(stored.potential, DEFAULT_TALENT_SETTINGS.potential),
    weights: { ...DEFAULT_TALENT_SETTINGS.weights, ...(stored.weights ?? {}) },
  };
  const overrides = (rows.get('boxes') ?? []) as Array<Partial<BoxDefinition> & { code: BoxCode }>;
  return { settings, boxes: applyBoxOverrides(overrides) };
}

export async function saveTalentSettings(ds: DataSource, settings: TalentSettings, actor: string, now: Date): Promise<void> {
  const errors = validateTalentSettings(settings);
  if (errors.length > 0) throw new UserError(`人才盘点设置有误：${errors.join('；')}`);
  await ds.getRepository(TalentConfig).save({ name: 'settings', value: settings, updatedBy: actor, updatedAt: now });
}

export async function saveBoxOverrides(ds: DataSource, overrides: Array<Partial<BoxDefinition> & { code: BoxCode }>, actor: string, now: Date): Promise<void> {
  await ds.getRepository(TalentConfig).save({ name: 'boxes', value: overrides, updatedBy: actor, updatedAt: now });
}
