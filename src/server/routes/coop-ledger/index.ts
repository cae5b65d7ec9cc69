import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { receiveBankLoanRoute } from './bank-loan-receipt.js';
import { bankLoansRoute } from './bank-loans.js';
import { financialStatementsRoute } from './financial-statements.js';
import { disburseLoanRoute } from './loan-disbursement.js';
import { loanPenaltyRoute } from './loan-penalties.js';
import { loanRepaymentRoute } from './loan-repayments.js';
import { loanRestructuringRoute } from './loan-restructurings.js';
import { loanWriteOffRoute } from './loan-write-offs.js';
import { loanPortfolioRoute } from './loans.js';
import { memberStatementRoute } from './member-statement.js';
import { reversalRoute } from './reversals.js';
import { savingsTransactionRoute } from './savings-transactions.js';
import { savingsBalancesRoute } from './savings.js';
import { shuRoute } from './shu.js';
import { trialBalanceRoute } from './trial-balance.js';

/** Cooperative books (docs/FINANCE.md): one file per route, registered here in the OpenAPI document's order. */
export const coopLedgerRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  trialBalanceRoute(app);
  financialStatementsRoute(app);
  savingsBalancesRoute(app);
  loanPortfolioRoute(app);
  shuRoute(app);
  memberStatementRoute(app);
  savingsTransactionRoute(app);
  disburseLoanRoute(app);
  loanRepaymentRoute(app);
  reversalRoute(app);
  bankLoansRoute(app);
  receiveBankLoanRoute(app);
  loanWriteOffRoute(app);
  loanRestructuringRoute(app);
  loanPenaltyRoute(app);
  done();
};
