#pragma once
// Test helper: a fresh directory per test, removed afterwards.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace chaintwin::bus::testing {

class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() / ("chaintwin_bus_" + std::string(info->test_suite_name()) + "_" +
                                                     info->name() + "_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

}  // namespace chaintwin::bus::testing
