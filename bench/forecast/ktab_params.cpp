// Run KTAB's spatial model on a CSV with explicit model parameters, which `smpc` cannot set:
//   ktab_params FILE.csv VPM PCEM STM VR BIGRADJ BIGRRANGE TPC IVB BARGN
// (integers in KTAB's enum order: VictoryProbModel, PCEModel, StateTransitions, VotingRule,
// BigRAdjust, BigRRange, ThirdPartyCommit, InterVecBrgn, BargnModel). Writes the same log and
// SQLite database as smpc (database run.db in the working folder). Used only to record reference
// runs for entente's tests; built by build-ktab.sh against KTAB's own sources.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "smp.h"

int main(int ac, char **av) {
  if (ac != 11) {
    std::cerr << "usage: ktab_params FILE.csv VPM PCEM STM VR BIGRADJ BIGRRANGE TPC IVB BARGN\n";
    return 2;
  }
  KBase::Model::configLogger("./smpc-logger.conf");
  if (!SMPLib::SMPModel::loginCredentials("Driver=QSQLITE;Database=run.db")) {
    return 1;
  }
  std::vector<int> params;
  for (int i = 2; i < 11; i++) {
    params.push_back(std::atoi(av[i]));
  }
  std::vector<bool> flags = {true, false, false, false, true};
  std::string id = SMPLib::SMPModel::runModel(flags, av[1], KBase::dSeed, false, params);
  SMPLib::SMPModel::destroyModel();
  if (id.empty()) {
    std::cerr << "KTAB: " << KBase::Model::getLastError() << "\n";
    return 1;
  }
  return 0;
}
