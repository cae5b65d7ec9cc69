import type { Command } from 'commander';
import { clustersNeeded, minimumDetectableEffect, type PowerDesign } from '../../pilots/design/power.js';
import { say, UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { integerOption, numberOption } from '../option-values.js';

interface PowerOptions {
  clusters?: string;
  mde?: string;
  clusterSize: string;
  icc: string;
  treatedShare: string;
  alpha: string;
  power: string;
  normal?: boolean;
}

export function registerPowerCommands(program: Command): void {
  withJson(
    program
      .command('power')
      .description(
        'minimum detectable effect (in SD) of a cluster-randomised pilot, or with --mde the clusters needed',
      )
      .option('--clusters <J>', 'number of clusters (villages or cooperatives), treated and control together')
      .option('--mde <D>', 'instead of --clusters: the effect (in SD) to detect; prints the clusters needed')
      .requiredOption('--cluster-size <m>', 'average people (or households) measured per cluster')
      .requiredOption('--icc <rho>', 'intra-cluster correlation of the outcome, 0–1')
      .requiredOption('--treated-share <P>', 'share of clusters treated, between 0 and 1')
      .option('--alpha <a>', 'two-sided significance level', '0.05')
      .option('--power <p>', 'power', '0.8')
      .option('--normal', 'normal quantiles instead of t on J − 2 degrees of freedom'),
  ).action(
    action((_ctx, options: PowerOptions) => {
      if ((options.clusters === undefined) === (options.mde === undefined))
        throw new UserError(
          say('give exactly one of --clusters and --mde', 'berikan tepat satu dari --clusters dan --mde'),
          'invalid_option',
        );
      const design: PowerDesign = {
        clusterSize: numberOption('--cluster-size', options.clusterSize),
        icc: numberOption('--icc', options.icc),
        treatedShare: numberOption('--treated-share', options.treatedShare),
        alpha: numberOption('--alpha', options.alpha),
        power: numberOption('--power', options.power),
        normal: options.normal === true,
      };
      const target = options.mde === undefined ? null : numberOption('--mde', options.mde);
      const result =
        target === null
          ? minimumDetectableEffect(integerOption('--clusters', options.clusters!), design)
          : clustersNeeded(target, design);
      const json = {
        mde_sd: result.mde_sd,
        clusters: result.clusters,
        ...(target === null ? {} : { target_mde_sd: target }),
        cluster_size: design.clusterSize,
        icc: design.icc,
        treated_share: design.treatedShare,
        alpha: design.alpha,
        power: design.power,
        distribution: design.normal ? 'normal' : 't',
        df: result.df,
        design_effect: result.design_effect,
      };
      const quantiles = design.normal ? 'normal quantiles' : `t quantiles, ${result.df} df`;
      const text =
        target === null
          ? `MDE ${result.mde_sd.toFixed(4)} SD with ${result.clusters} clusters (${quantiles}; design effect ${result.design_effect.toFixed(2)})`
          : `${result.clusters} clusters reach MDE ${result.mde_sd.toFixed(4)} SD ≤ ${target} (${quantiles})`;
      return Promise.resolve({ json, text });
    }),
  );
}
